import { describe, expect, it } from "vitest";
import { parseRemediateArgs } from "../../packages/core/src/cli/remediate.js";

/** `migration-guard remediate` arguments: audit's flags plus the remediation values. */

describe("remediate arguments", () => {
  it("defaults to a dry run of every rule with a remediation, a 7-day grace period and no MGN values", () => {
    const options = parseRemediateArgs(["remediate"]);
    if (options === "help") throw new Error("help");
    expect(options.apply).toBe(false);
    expect(options.rules.map((r) => r.name).sort()).toEqual([
      "dms-endpoint-encryption-at-rest",
      "dms-replication-instance-kms",
      "dms-replication-instance-not-public",
      "mgn-agent-key-cleanup",
      "mgn-agent-key-expiry",
      "mgn-agent-key-rotation",
      "mgn-replication-settings",
    ]);
    expect(options.values).toEqual({ graceDays: 7, privateRouting: false });
  });

  it("reads the value flags in both forms, beside audit's flags", () => {
    const key = "arn:aws:kms:us-east-1:123456789012:key/0e9d8c7b-6a5f-4e3d-9c2b-1a0f9e8d7c6b";
    const options = parseRemediateArgs([
      "remediate",
      "--apply",
      `--ebs-kms-key=${key}`,
      "--private-routing",
      "--expires",
      "2027-01-31",
      "--grace-days",
      "0",
      "--rules",
      "mgn-agent-key-expiry,mgn-replication-settings",
      "--param",
      "mgn-agent-key-expiry.maxKeyLifetimeDays=10",
      "--format",
      "json",
    ]);
    if (options === "help") throw new Error("help");
    expect(options).toMatchObject({
      apply: true,
      format: "json",
      values: {
        ebsKmsKeyArn: key,
        privateRouting: true,
        expires: new Date("2027-01-31T00:00:00Z"),
        graceDays: 0,
      },
    });
    expect(options.rules.map((r) => r.name)).toEqual(["mgn-agent-key-expiry", "mgn-replication-settings"]);
    expect(options.params.get("mgn-agent-key-expiry")).toEqual({ maxKeyLifetimeDays: "10" });
  });

  it("refuses unknown flags and out-of-range values with a message naming the flag", () => {
    expect(() => parseRemediateArgs(["remediate", "--delete"])).toThrow("--delete");
    expect(() => parseRemediateArgs(["remediate", "--grace-days", "400"])).toThrow(
      '--grace-days "400": expected a whole number from 0 to 365',
    );
    expect(() => parseRemediateArgs(["remediate", "--expires", "2027-02-31"])).toThrow("--expires");
    expect(() => parseRemediateArgs(["remediate", "--ebs-kms-key"])).toThrow("--ebs-kms-key needs a value");
  });

  it("refuses the audit's report flags, which a remediation plan does not have", () => {
    expect(() => parseRemediateArgs(["remediate", "--format", "csv"])).toThrow(
      "--format csv does not apply to remediate (table or json)",
    );
    expect(() => parseRemediateArgs(["remediate", "--severity", "high"])).toThrow(
      "--severity does not apply to remediate",
    );
    expect(() => parseRemediateArgs(["remediate", "--security-hub"])).toThrow(
      "--security-hub does not apply to remediate",
    );
  });
});
