import { describe, expect, it } from "vitest";
import { main } from "../../packages/core/src/cli/main.js";
import { collectorActions } from "../../packages/core/src/deploy/permissions.js";
import { findRule, RULES } from "../../packages/core/src/rules/index.js";

async function cli(args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: {},
  });
  return { code, stdout, stderr };
}

describe("migration-guard rules", () => {
  it("returns every rule of the registry with its metadata as JSON", async () => {
    const { code, stdout } = await cli(["rules", "--format", "json"]);
    expect(code).toBe(0);
    const { rules } = JSON.parse(stdout);
    const tlsRule = findRule("dms-endpoint-tls");
    if (!tlsRule) throw new Error("dms-endpoint-tls is not registered");
    expect(rules.map((r: { name: string }) => r.name)).toEqual(RULES.map((r) => r.name));
    const tls = rules.find((r: { name: string }) => r.name === "dms-endpoint-tls");
    expect(tls).toMatchObject({
      description: tlsRule.description,
      severity: "high",
      resourceTypes: ["AWS::DMS::Endpoint"],
      triggers: { configurationChange: true, periodic: "TwentyFour_Hours" },
      parameters: [{ name: "minimumLevel", type: "enum", default: "verified" }],
      iamActions: collectorActions(tlsRule),
      source: { document: "dms-using-ssl.txt" },
    });
    expect(tls.functionIamActions).toContain("config:PutEvaluations");
  });

  it("returns a table with a block per rule: severity, resource types, triggers, parameters with defaults, IAM actions, source", async () => {
    const { code, stdout } = await cli(["rules"]);
    expect(code).toBe(0);
    for (const rule of RULES) expect(stdout).toContain(`${rule.name}  [${rule.severity}]`);
    expect(stdout).toMatch(
      /dms-certificate-validity {2}\[high\]\n.*\n {2}resource types: AWS::DMS::Certificate\n {2}triggers: +periodic TwentyFour_Hours\n {2}parameters: +expiryWarningDays=30, minimumKeyLength=2048\n {2}IAM actions: +dms:DescribeCertificates, dms:DescribeEndpoints\n {2}source: +dms-using-ssl.txt/,
    );
  });

  it("exits 2 for a format other than table or json", async () => {
    const { code, stderr } = await cli(["rules", "--format", "csv"]);
    expect([code, stderr]).toEqual([
      2,
      'migration-guard: --format "csv": expected table or json (see --help)\n',
    ]);
  });
});

describe("migration-guard explain", () => {
  it("prints what the rule checks, the source sentence, every scenario, parameters, remediation and IAM actions", async () => {
    const rule = findRule("mgn-agent-key-expiry");
    const { code, stdout } = await cli(["explain", "mgn-agent-key-expiry"]);
    expect(code).toBe(0);
    expect(stdout.startsWith(`mgn-agent-key-expiry — ${rule?.description}`)).toBe(true);
    expect(stdout).toContain(`"${rule?.source.text}"`);
    for (const scenario of rule?.scenarios ?? []) expect(stdout).toContain(`  - ${scenario}\n`);
    expect(rule?.scenarios.length).toBeGreaterThan(5);
    expect(stdout).toContain("maxKeyLifetimeDays (default 30; a whole number from 1 to 3650)");
    expect(stdout).toContain(`Remediation:\n  ${rule?.remediation}`);
    expect(stdout).toContain(
      "audit (read):      iam:GenerateCredentialReport, iam:GetAccountAuthorizationDetails",
    );
  });

  it("exits 2 naming the known rules for an unknown rule, and asks for a rule when none is named", async () => {
    const unknown = await cli(["explain", "dms-nope"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /^migration-guard: unknown rule "dms-nope"; known rules: dms-endpoint-tls, /,
    );
    const missing = await cli(["explain"]);
    expect([missing.code, missing.stderr]).toEqual([
      2,
      "migration-guard: explain: name the rule to explain (see --help)\n",
    ]);
  });
});
