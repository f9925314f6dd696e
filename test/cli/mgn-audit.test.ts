import { describe, expect, it } from "vitest";
import { main } from "../../packages/core/src/cli/main.js";

const SAMPLE = new URL("../../examples/sample-account.json", import.meta.url).pathname;

async function audit(...args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(["audit", "--snapshot", SAMPLE, ...args], {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: {},
  });
  return { code, stdout, stderr };
}

describe("audit of the sample account's MGN rules", () => {
  it("returns compliant and non-compliant agent users for every agent-key rule", async () => {
    const { code, stdout } = await audit(
      "--rules",
      "mgn-agent-key-rotation,mgn-agent-key-cleanup,mgn-agent-key-expiry",
      "--format",
      "json",
    );
    expect(code).toBe(1);
    const results = JSON.parse(stdout).results as {
      rule: string;
      resourceName: string;
      compliance: string;
    }[];
    for (const rule of ["mgn-agent-key-rotation", "mgn-agent-key-cleanup", "mgn-agent-key-expiry"]) {
      const outcomes = new Set(results.filter((r) => r.rule === rule).map((r) => r.compliance));
      expect([...outcomes].sort(), rule).toEqual(["COMPLIANT", "NON_COMPLIANT", "NOT_APPLICABLE"]);
    }
    expect(
      results.find((r) => r.rule === "mgn-agent-key-expiry" && r.resourceName === "mgn-agent-wave1")
        ?.compliance,
    ).toBe("COMPLIANT");
  });

  it("prints NOT_APPLICABLE as a count per rule in the table, not a line per resource, and keeps them in json", async () => {
    const { stdout: json } = await audit("--rules", "mgn-agent-key-rotation", "--format", "json");
    const results = JSON.parse(json).results as { compliance: string; resourceName: string }[];
    const notApplicable = results.filter((r) => r.compliance === "NOT_APPLICABLE");
    expect(notApplicable.length).toBeGreaterThan(0);
    const { stdout: table } = await audit("--rules", "mgn-agent-key-rotation");
    expect(table).toMatch(
      new RegExp(
        `mgn-agent-key-rotation \\(AWS::IAM::User\\) +\\d+ non-compliant, \\d+ compliant, ${notApplicable.length} not applicable`,
      ),
    );
    expect(table).not.toContain("NOT_APPLICABLE");
    expect(table.split("\n").filter((line) => /^ +[✗✓] /.test(line))).toHaveLength(
      results.length - notApplicable.length,
    );
    expect(table).toMatch(new RegExp(`Total: .*, ${notApplicable.length} not applicable`));
  });

  it("returns the account-level evaluation with its details in the json output", async () => {
    const { stdout } = await audit("--rules", "mgn-replication-settings", "--format", "json");
    const [result] = JSON.parse(stdout).results;
    expect(result).toMatchObject({
      rule: "mgn-replication-settings",
      resourceType: "AWS::::Account",
      resourceId: "123456789012",
      compliance: "NON_COMPLIANT",
      details: {
        ebsEncryptionByDefault: true,
        settings: [
          { setting: "template rct-0f1e2d3c4b5a69788", problems: [] },
          {
            setting: "source server s-1a2b3c4d5e6f70001 (app-01)",
            problems: expect.arrayContaining(["createPublicIP is true"]),
          },
          {
            setting: "source server s-1a2b3c4d5e6f70002 (db-01)",
            problems: [
              "security group sg-0ee55ff66aa77bb88 allows tcp 1500 from 0.0.0.0/0, tcp 1500 from ::/0",
            ],
          },
        ],
      },
    });
  });

  it("takes agent users marked by the agentUserTag parameter", async () => {
    const { stdout } = await audit(
      "--rules",
      "mgn-agent-key-rotation",
      "--param",
      "mgn-agent-key-rotation.agentUserTag=team=platform",
      "--format",
      "json",
    );
    const bot = JSON.parse(stdout).results.find(
      (r: { resourceName: string }) => r.resourceName === "deploy-bot",
    );
    expect(bot.compliance).toBe("COMPLIANT");
  });
});
