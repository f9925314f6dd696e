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

function verdicts(
  results: { rule: string; compliance: string; resourceType: string; resourceName?: string }[],
) {
  return results.map((r) => `${r.rule} ${r.resourceType} ${r.resourceName} ${r.compliance}`);
}

describe("sample account", () => {
  it("shows each new DMS resource type, COMPLIANT and NON_COMPLIANT, under its own type", async () => {
    const { results } = await audit();

    expect(verdicts(results)).toEqual(
      expect.arrayContaining([
        "dms-replication-instance-kms AWS::DMS::ReplicationConfig orders-serverless-cdc COMPLIANT",
        "dms-replication-instance-kms AWS::DMS::ReplicationConfig legacy-serverless-load NON_COMPLIANT",
        "dms-replication-instance-not-public AWS::DMS::InstanceProfile schema-conversion-private COMPLIANT",
        "dms-replication-instance-not-public AWS::DMS::InstanceProfile schema-conversion-quickstart NON_COMPLIANT",
        "dms-endpoint-encryption-at-rest AWS::DMS::InstanceProfile schema-conversion-private COMPLIANT",
        "dms-endpoint-encryption-at-rest AWS::DMS::InstanceProfile schema-conversion-quickstart NON_COMPLIANT",
        "migration-no-sensitive-data AWS::DMS::ReplicationConfig legacy-serverless-load NON_COMPLIANT",
        "dms-endpoint-tls AWS::DMS::DataProvider orders-pg-provider COMPLIANT",
        "dms-endpoint-tls AWS::DMS::DataProvider legacy-mysql-provider NON_COMPLIANT",
        "dms-endpoint-tls AWS::DMS::DataProvider warehouse-redshift-provider COMPLIANT",
      ]),
    );
  });

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

  it("reports migration-no-sensitive-data per resource type across endpoints, instances, tasks, certificates and replication configs", async () => {
    const { results } = await audit();

    const types = new Set(
      results.filter((r) => r.rule === "migration-no-sensitive-data").map((r) => r.resourceType),
    );
    expect([...types].sort()).toEqual([
      "AWS::DMS::Certificate",
      "AWS::DMS::Endpoint",
      "AWS::DMS::ReplicationConfig",
      "AWS::DMS::ReplicationInstance",
      "AWS::DMS::ReplicationTask",
    ]);
  });
});
