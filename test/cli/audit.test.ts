import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AwsClients } from "../../packages/core/src/aws/clients.js";
import { main } from "../../packages/core/src/cli/main.js";
import { sampleAccount } from "../support/fixtures.js";

const SAMPLE = new URL("../../examples/sample-account.json", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "mg-cli-"));

async function cli(args: string[], clients?: (region: string | undefined) => AwsClients) {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: {},
    ...(clients ? { clients } : {}),
  });
  return { code, stdout, stderr };
}

function writeSnapshot(name: string, content: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

describe("migration-guard audit (snapshot mode)", () => {
  it("prints a table grouped by rule and exits 1 when something is NON_COMPLIANT", async () => {
    const { code, stdout, stderr } = await cli([
      "audit",
      "--snapshot",
      SAMPLE,
      "--rules",
      "dms-endpoint-tls",
    ]);
    expect(code).toBe(1);
    expect(stderr).toBe("");
    expect(stdout).toContain(
      "migration-guard audit — account 123456789012, us-east-1, at 2026-11-20T09:00:00.000Z",
    );
    expect(stdout).toMatch(
      /dms-endpoint-tls \(AWS::DMS::Endpoint, AWS::DMS::DataProvider\) {2}\d+ non-compliant, \d+ compliant/,
    );
    expect(stdout).toMatch(/✗ NON_COMPLIANT +legacy-mysql-source +mysql endpoint uses SslMode none/);
    expect(stdout).toMatch(/✓ COMPLIANT +orders-pg-source/);
    expect(stdout).not.toContain("\u001b[");
  });

  it("prints the documented JSON document with --format json", async () => {
    const { code, stdout } = await cli([
      "audit",
      "--snapshot",
      SAMPLE,
      "--format",
      "json",
      "--rules",
      "dms-endpoint-tls",
    ]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(Object.keys(report)).toEqual(["accountId", "region", "evaluatedAt", "results"]);
    expect(report).toMatchObject({
      accountId: "123456789012",
      region: "us-east-1",
      evaluatedAt: "2026-11-20T09:00:00.000Z",
    });
    const mysql = report.results.find(
      (r: { resourceName: string }) => r.resourceName === "legacy-mysql-source",
    );
    expect(mysql).toEqual({
      rule: "dms-endpoint-tls",
      resourceType: "AWS::DMS::Endpoint",
      resourceId: expect.stringMatching(/^arn:aws:dms:us-east-1:123456789012:endpoint:/),
      resourceName: "legacy-mysql-source",
      compliance: "NON_COMPLIANT",
      annotation: expect.stringContaining("SslMode none"),
    });
    const endpoints = sampleAccount().services.dms?.DescribeEndpoints as { Endpoints: unknown[] };
    expect(
      report.results.filter(
        (r: { rule: string; resourceType: string }) =>
          r.rule === "dms-endpoint-tls" && r.resourceType === "AWS::DMS::Endpoint",
      ),
    ).toHaveLength(endpoints.Endpoints.length);
  });

  it("exits 0 with --exit-zero, and applies --param and --now", async () => {
    const strict = await cli([
      "audit",
      "--snapshot",
      SAMPLE,
      "--format",
      "json",
      "--rules",
      "dms-endpoint-tls",
      "--exit-zero",
    ]);
    expect(strict.code).toBe(0);
    const lenient = await cli([
      "audit",
      "--snapshot",
      SAMPLE,
      "--format",
      "json",
      "--rules",
      "dms-endpoint-tls",
      "--param",
      "dms-endpoint-tls.minimumLevel=encrypted",
      "--now",
      "2025-01-01T00:00:00Z",
    ]);
    const report = JSON.parse(lenient.stdout);
    expect(report.evaluatedAt).toBe("2025-01-01T00:00:00.000Z");
    const billing = report.results.find(
      (r: { resourceName: string }) => r.resourceName === "billing-sqlserver-source",
    );
    expect(billing.compliance).toBe("COMPLIANT");
    // Before its 2025-06-01 expiry the oracle certificate is valid.
    const oracle = report.results.find(
      (r: { resourceName: string }) => r.resourceName === "crm-oracle-source",
    );
    expect(oracle.compliance).toBe("COMPLIANT");
  });

  it("exits 0 when nothing is NON_COMPLIANT", async () => {
    const snapshot = sampleAccount();
    const dms = snapshot.services.dms as {
      DescribeEndpoints: { Endpoints: { EndpointIdentifier: string }[] };
      DescribeDataProviders: { DataProviders: unknown[] };
    };
    dms.DescribeEndpoints.Endpoints = dms.DescribeEndpoints.Endpoints.filter(
      (e) => e.EndpointIdentifier === "orders-pg-source",
    );
    dms.DescribeDataProviders.DataProviders = [];
    const { code, stdout } = await cli([
      "audit",
      "--snapshot",
      writeSnapshot("clean.json", snapshot),
      "--rules",
      "dms-endpoint-tls",
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain("Total: 0 non-compliant, 1 compliant");
  });

  it.each([
    [
      ["audit", "--snapshot", "/nonexistent/file.json"],
      "migration-guard: cannot read snapshot /nonexistent/file.json: ENOENT\n",
    ],
    [["audit", "--snapshot", "BAD_JSON"], /^migration-guard: snapshot .*bad\.json is not valid JSON: .*\n$/],
    [
      ["audit", "--snapshot", "NO_ACCOUNT"],
      /^migration-guard: snapshot .*: snapshot\.accountId: expected a string, got undefined\n$/,
    ],
    [
      ["audit", "--snapshot", "BAD_ENDPOINT", "--rules", "dms-endpoint-tls"],
      /dms\.DescribeEndpoints\.Endpoints\[0\]\.EngineName: expected a string, got number\n$/,
    ],
    [
      ["audit", "--snapshot", "NO_CERTS", "--rules", "dms-endpoint-tls"],
      /snapshot has no services\.dms\.DescribeCertificates; capture the account again with --capture\n$/,
    ],
    [["audit", "--rules", "nope"], /^migration-guard: unknown rule "nope"; known rules: .*\(see --help\)\n$/],
    [
      ["audit", "--param", "dms-endpoint-tls.minimumLevel=paranoid", "--snapshot", SAMPLE],
      /parameter minimumLevel = "paranoid" is invalid; accepted: one of encrypted, verified, strongest\n$/,
    ],
    [["audit", "--format", "xml"], /--format "xml": expected table, json, csv, ocsf, asff or html/],
    [["audit", "--now", "yesterday"], /--now "yesterday": expected an ISO-8601 time/],
    [["audit", "--bogus"], /Unknown option '--bogus'/],
    [["inspect"], /unknown command "inspect"; expected audit, rules, explain or doctor/],
  ])("exits 2 with one clear line for bad input %j", async (args, expected) => {
    const files: Record<string, string> = {
      BAD_JSON: writeSnapshot("bad.json", "{ nope"),
      NO_ACCOUNT: writeSnapshot("no-account.json", {
        region: "us-east-1",
        capturedAt: "2026-01-01T00:00:00Z",
        services: {},
      }),
      BAD_ENDPOINT: writeSnapshot("bad-endpoint.json", {
        ...sampleAccount(),
        services: {
          dms: {
            DescribeEndpoints: { Endpoints: [{ EndpointArn: "arn:x", EngineName: 42 }] },
            DescribeCertificates: { Certificates: [] },
          },
        },
      }),
      // DescribeCertificates is read only when an endpoint names a certificate (issue 10, item 8).
      NO_CERTS: writeSnapshot("no-certs.json", {
        ...sampleAccount(),
        services: {
          dms: {
            DescribeEndpoints: {
              Endpoints: [
                {
                  EndpointArn: "arn:aws:dms:us-east-1:123456789012:endpoint:PGCERT",
                  EndpointIdentifier: "pg-cert",
                  EndpointType: "SOURCE",
                  EngineName: "postgres",
                  SslMode: "verify-full",
                  CertificateArn: "arn:aws:dms:us-east-1:123456789012:cert:CACERT",
                },
              ],
            },
            DescribeDataProviders: { DataProviders: [] },
          },
        },
      }),
    };
    const { code, stdout, stderr } = await cli(args.map((a) => files[a] ?? a));
    expect(code).toBe(2);
    if (typeof expected === "string") expect(stderr).toBe(expected);
    else expect(stderr).toMatch(expected);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /);
    if (!args.includes("BAD_ENDPOINT") && !args.includes("NO_CERTS")) expect(stdout).toBe("");
  });

  it("prints usage with --help and exits 0", async () => {
    const { code, stdout } = await cli(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("Usage: migration-guard audit [options]");
    expect(stdout).toContain("dms-endpoint-tls");
  });

  it("exits 3 with a clear line when AWS cannot be reached", async () => {
    const unreachable = () => {
      process.env.AWS_ACCESS_KEY_ID = "000000000000";
      process.env.AWS_SECRET_ACCESS_KEY = "not-a-secret";
      return new AwsClients({ region: "us-east-1", maxAttempts: 1 });
    };
    const saved = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = "http://127.0.0.1:9";
    try {
      const { code, stderr } = await cli(["audit", "--rules", "dms-endpoint-tls"], unreachable);
      expect(code).toBe(3);
      expect(stderr).toMatch(/^migration-guard: sts:GetCallerIdentity failed: /);
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
      else process.env.AWS_ENDPOINT_URL = saved;
    }
  });
});
