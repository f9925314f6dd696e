import { describe, expect, it } from "vitest";
import { main } from "../../packages/core/src/cli/main.js";
import { RULES } from "../../packages/core/src/rules/index.js";
import { ruleResourceTypes } from "../../packages/core/src/rules/types.js";

/** `npm start` audits examples/sample-account.json: every rule must show compliant and non-compliant resources. */

async function audit(): Promise<{
  code: number;
  results: { rule: string; compliance: string; resourceType: string }[];
}> {
  let stdout = "";
  let stderr = "";
  const code = await main(
    ["audit", "--snapshot", "examples/sample-account.json", "--format", "json", "--exit-zero"],
    {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
      env: {},
    },
  );
  if (stderr) throw new Error(stderr);
  return {
    code,
    ...(JSON.parse(stdout) as { results: { rule: string; compliance: string; resourceType: string }[] }),
  };
}

describe("sample account", () => {
  it("shows every resource-level rule with at least one COMPLIANT and one NON_COMPLIANT resource", async () => {
    const { code, results } = await audit();

    expect(code).toBe(0);
    // An account-level rule has one result per account (the sample's is NON_COMPLIANT).
    for (const rule of RULES.filter((r) => ruleResourceTypes(r)[0] !== "AWS::::Account")) {
      const seen = new Set(results.filter((r) => r.rule === rule.name).map((r) => r.compliance));
      expect([rule.name, [...seen].sort()]).toEqual([
        rule.name,
        expect.arrayContaining(["COMPLIANT", "NON_COMPLIANT"]),
      ]);
    }
  });

  it("reports migration-no-sensitive-data per resource type across endpoints, instances, tasks and certificates", async () => {
    const { results } = await audit();

    const types = new Set(
      results.filter((r) => r.rule === "migration-no-sensitive-data").map((r) => r.resourceType),
    );
    expect([...types].sort()).toEqual([
      "AWS::DMS::Certificate",
      "AWS::DMS::Endpoint",
      "AWS::DMS::ReplicationInstance",
      "AWS::DMS::ReplicationTask",
    ]);
  });
});
