import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AwsClients } from "../../packages/core/src/aws/clients.js";
import { LiveSource } from "../../packages/core/src/aws/source.js";
import { evaluateAll } from "../../packages/core/src/config/evaluator.js";
import { RULES } from "../../packages/core/src/rules/index.js";
import { parseParameters } from "../../packages/core/src/rules/params.js";
import type { AnyRule } from "../../packages/core/src/rules/types.js";
import { type Account, generateAccount } from "../support/aws/dataset.js";
import { FakeAws } from "../support/aws/server.js";

/**
 * Read only what is needed (issue 10, item 8): a listing no in-scope resource references is not
 * read, so an account without the feature makes no call to its API (and needs no permission for
 * it). Periodic runs against the local AWS server, which counts calls per operation.
 */

const NOW = new Date("2026-11-20T09:00:00Z");

function ruleNamed(name: string): AnyRule {
  const rule = RULES.find((r) => r.name === name);
  if (!rule) throw new Error(`no rule ${name}`);
  return rule;
}

/** One periodic run of `rule` against `account`; the server's calls per operation. */
async function periodicRun(account: Account, ruleName: string) {
  const server = new FakeAws(account);
  process.env.AWS_ENDPOINT_URL = await server.start();
  try {
    const rule = ruleNamed(ruleName);
    const source = new LiveSource(
      new AwsClients({
        region: "us-east-1",
        credentials: { accessKeyId: "AKIDLAZY", secretAccessKey: "lazy-secret" },
        maxAttempts: 1,
      }),
    );
    const evaluations = await evaluateAll(
      rule,
      parseParameters(rule.name, rule.parameters, {}),
      source,
      NOW,
      NOW,
      { accountId: account.accountId },
    );
    const minimal = Object.fromEntries([...server.calls.keys()].map((op) => [op, server.minimalCalls(op)]));
    return { evaluations, calls: Object.fromEntries(server.calls), minimal };
  } finally {
    await server.stop();
  }
}

let saved: string | undefined;
beforeAll(() => {
  saved = process.env.AWS_ENDPOINT_URL;
});
afterAll(() => {
  if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
  else process.env.AWS_ENDPOINT_URL = saved;
});

let account: Account;
beforeEach(() => {
  account = generateAccount({ users: 40, endpoints: 60, agentShare: 0.2, seed: 7 });
});

describe("reads only what is needed", () => {
  it("makes no DescribeCertificates call when no endpoint names a certificate (dms-endpoint-tls)", async () => {
    for (const endpoint of account.dms.endpoints) delete endpoint.CertificateArn;

    const { evaluations, calls } = await periodicRun(account, "dms-endpoint-tls");

    // The data providers (none names a certificate) are evaluated beside the endpoints.
    expect(evaluations).toHaveLength(60 + account.dms.dataProviders.length);
    expect(calls["dms.DescribeEndpoints"]).toBe(1);
    expect(calls["dms.DescribeCertificates"]).toBeUndefined();
  });

  it("reads the certificates once when an endpoint names one (dms-endpoint-tls)", async () => {
    expect(account.dms.endpoints.some((e) => e.CertificateArn)).toBe(true);

    const { calls } = await periodicRun(account, "dms-endpoint-tls");

    expect(calls["dms.DescribeCertificates"]).toBe(1);
  });

  it("makes no ec2:DescribeSecurityGroups call when no replication instance has a security group", async () => {
    for (const instance of account.dms.replicationInstances) instance.VpcSecurityGroups = [];

    const { evaluations, calls } = await periodicRun(account, "dms-replication-instance-not-public");

    // Instance profiles (none here with security groups) are evaluated beside the instances.
    expect(evaluations.length).toBe(
      account.dms.replicationInstances.length + account.dms.instanceProfiles.length,
    );
    expect(evaluations.length).toBeGreaterThan(0);
    expect(calls["ec2.DescribeSecurityGroups"]).toBeUndefined();
  });

  it("makes no kms:DescribeKey call when no resource names a key (dms-replication-instance-kms)", async () => {
    for (const instance of account.dms.replicationInstances) delete instance.KmsKeyId;
    for (const config of account.dms.replicationConfigs)
      delete (config.ComputeConfig as { KmsKeyId?: string }).KmsKeyId;

    const { calls } = await periodicRun(account, "dms-replication-instance-kms");

    expect(calls["dms.DescribeReplicationInstances"]).toBe(1);
    expect(calls["kms.DescribeKey"]).toBeUndefined();
  });

  it("reads no endpoints for certificate validity in an account without certificates", async () => {
    account.dms.certificates.length = 0;

    const { evaluations, calls } = await periodicRun(account, "dms-certificate-validity");

    expect(evaluations).toEqual([]);
    expect(calls).toEqual({ "dms.DescribeCertificates": 1 });
  });

  it("reads no EBS encryption default in a region without MGN (mgn-replication-settings)", async () => {
    account.mgn.sourceServers.length = 0;
    account.mgn.templates.length = 0;

    const { evaluations, calls } = await periodicRun(account, "mgn-replication-settings");

    expect(evaluations[0]).toMatchObject({
      compliance: "NOT_APPLICABLE",
      annotation: "MGN is not set up in this region (no templates, no source servers)",
    });
    expect(calls["ec2.GetEbsEncryptionByDefault"]).toBeUndefined();
  });

  it("still reads the EBS encryption default when MGN is set up", async () => {
    const { calls } = await periodicRun(account, "mgn-replication-settings");

    expect(calls["ec2.GetEbsEncryptionByDefault"]).toBe(1);
  });

  it.each(RULES.map((r) => r.name))("makes the minimum number of calls per operation (%s)", async (name) => {
    const { calls, minimal } = await periodicRun(account, name);

    expect(calls).toEqual(minimal);
  });
});
