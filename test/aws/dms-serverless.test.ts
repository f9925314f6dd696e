import {
  DescribeCertificatesCommand,
  DescribeDataProvidersCommand,
  DescribeEndpointsCommand,
  DescribeInstanceProfilesCommand,
  DescribeReplicationConfigsCommand,
  DescribeReplicationInstancesCommand,
} from "@aws-sdk/client-database-migration-service";
import { DescribeSecurityGroupsCommand } from "@aws-sdk/client-ec2";
import { DescribeKeyCommand } from "@aws-sdk/client-kms";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { AwsClients } from "../../packages/core/src/aws/clients.js";
import { collectAll } from "../../packages/core/src/aws/collect.js";
import {
  dataProvidersFromApi,
  instanceProfilesFromApi,
  replicationConfigsFromApi,
} from "../../packages/core/src/aws/dms-serverless.js";
import { kindAccess } from "../../packages/core/src/aws/kinds.js";
import { LiveSource, SnapshotSource } from "../../packages/core/src/aws/source.js";
import type { Evaluation } from "../../packages/core/src/config/evaluation.js";
import { evaluateAll } from "../../packages/core/src/config/evaluator.js";
import { collectorActions } from "../../packages/core/src/deploy/permissions.js";
import { rule as encryptionAtRest } from "../../packages/core/src/rules/dms-endpoint-encryption-at-rest/index.js";
import { rule as tls } from "../../packages/core/src/rules/dms-endpoint-tls/index.js";
import { rule as instanceKms } from "../../packages/core/src/rules/dms-replication-instance-kms/index.js";
import { rule as notPublic } from "../../packages/core/src/rules/dms-replication-instance-not-public/index.js";
import { rule as noSensitiveData } from "../../packages/core/src/rules/migration-no-sensitive-data/index.js";
import { parseParameters } from "../../packages/core/src/rules/params.js";
import type { AnyRule } from "../../packages/core/src/rules/types.js";
import { fixture } from "../support/dms-fixtures.js";

/**
 * DMS Serverless replication configs, Schema Conversion instance profiles and data providers:
 * mapping of the API outputs (test/fixtures/dms/<Operation>/default.json, shaped like the DMS API
 * model) and their collection beside the recorded DMS types. moto has none of these operations:
 * aws-sdk-client-mock answers them, as the SDK deserializes the API's JSON.
 */

const now = new Date("2026-11-20T09:00:00Z");

function dates(value: unknown): never {
  return JSON.parse(JSON.stringify(value), (key, v) =>
    typeof v === "string" && /(Date|Time)$/.test(key) ? new Date(v) : v,
  ) as never;
}

describe("DMS Serverless and Schema Conversion mapping", () => {
  it("maps DescribeReplicationConfigs output: ComputeConfig.KmsKeyId is the storage key, absent when the default key is used", () => {
    const [orders, legacy] = replicationConfigsFromApi(
      fixture("dms/DescribeReplicationConfigs/default.json"),
    );

    expect(orders).toEqual({
      resourceType: "AWS::DMS::ReplicationConfig",
      arn: "arn:aws:dms:eu-west-1:111122223333:replication-config:ORDERSSERVERLESS1",
      identifier: "orders-serverless",
      kmsKeyId: "arn:aws:kms:eu-west-1:111122223333:key/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
      sourceEndpointArn: "arn:aws:dms:eu-west-1:111122223333:endpoint:SALESPGSOURCE",
      targetEndpointArn: "arn:aws:dms:eu-west-1:111122223333:endpoint:SALESS3TARGET",
      replicationType: "full-load-and-cdc",
      tags: undefined,
    });
    expect(legacy?.kmsKeyId).toBeUndefined();
  });

  it("maps DescribeInstanceProfiles output, leaving absent PubliclyAccessible and KmsKeyArn unset", () => {
    const [priv, defaults] = instanceProfilesFromApi(fixture("dms/DescribeInstanceProfiles/default.json"));

    expect(priv).toMatchObject({
      resourceType: "AWS::DMS::InstanceProfile",
      identifier: "sc-private",
      publiclyAccessible: false,
      vpcSecurityGroupIds: ["sg-0aaa1111bbbb2222c"],
    });
    expect(defaults).toMatchObject({
      publiclyAccessible: undefined,
      kmsKeyArn: undefined,
      vpcSecurityGroupIds: [],
    });
  });

  it("maps DescribeDataProviders output: the settings member set, its SslMode and CertificateArn, Virtual", () => {
    const [pg, mysql, redshift, virtual] = dataProvidersFromApi(
      fixture("dms/DescribeDataProviders/default.json"),
    );

    expect(pg).toMatchObject({
      resourceType: "AWS::DMS::DataProvider",
      identifier: "sales-pg-provider",
      settingsMember: "PostgreSqlSettings",
      sslEngine: "postgres",
      sslMode: "verify-full",
      certificateArn: "arn:aws:dms:eu-west-1:111122223333:cert:RDSCABUNDLEAAAAAAAAAAAAAAA",
      virtual: false,
    });
    expect(mysql).toMatchObject({ sslEngine: "mysql", sslMode: "none" });
    expect(redshift).toMatchObject({ settingsMember: "RedshiftSettings", sslMode: undefined });
    expect(virtual).toMatchObject({ virtual: true, settingsMember: undefined });
  });
});

describe("rules spanning the DMS types AWS Config does not record", () => {
  let clients: AwsClients;
  let dms: ReturnType<typeof mockClient>;

  beforeEach(async () => {
    clients = new AwsClients({
      region: "eu-west-1",
      credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "not-a-secret" },
    });
    dms = mockClient((await clients.use("dms")).client);
    const kms = mockClient((await clients.use("kms")).client);
    const ec2 = mockClient((await clients.use("ec2")).client);
    const configs = fixture<{ ReplicationConfigs: unknown[] }>("dms/DescribeReplicationConfigs/default.json");
    dms
      .on(DescribeReplicationConfigsCommand)
      .resolvesOnce(dates({ ReplicationConfigs: configs.ReplicationConfigs.slice(0, 1), Marker: "page-2" }))
      .resolvesOnce(dates({ ReplicationConfigs: configs.ReplicationConfigs.slice(1) }));
    dms
      .on(DescribeInstanceProfilesCommand)
      .resolves(dates(fixture("dms/DescribeInstanceProfiles/default.json")));
    dms.on(DescribeDataProvidersCommand).resolves(dates(fixture("dms/DescribeDataProviders/default.json")));
    dms
      .on(DescribeReplicationInstancesCommand)
      .resolves(dates(fixture("dms/DescribeReplicationInstances/default.json")));
    dms.on(DescribeEndpointsCommand).resolves(fixture("dms/DescribeEndpoints/default.json"));
    dms.on(DescribeCertificatesCommand).resolves({ Certificates: [] });
    kms
      .on(DescribeKeyCommand, {
        KeyId: "arn:aws:kms:eu-west-1:111122223333:key/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
      })
      .resolves(dates(fixture("kms/DescribeKey/customer.json")))
      .on(DescribeKeyCommand, {
        KeyId: "arn:aws:kms:eu-west-1:111122223333:key/6f5e4d3c-2b1a-4c9d-8e7f-6a5b4c3d2e1f",
      })
      .resolves(dates(fixture("kms/DescribeKey/aws-dms.json")));
    ec2.on(DescribeSecurityGroupsCommand).resolves(fixture("ec2/DescribeSecurityGroups/default.json"));
  });

  async function run(rule: AnyRule) {
    const params = parseParameters(rule.name, rule.parameters, {});
    const byName: Record<string, Evaluation> = {};
    for (const e of await evaluateAll(rule, params, new LiveSource(clients), now))
      byName[e.resourceName ?? e.resourceId] = e;
    return byName;
  }

  it("reports replication configs under their own type and identifier, all pages read at 100 records a page", async () => {
    const results = await run(instanceKms);

    const calls = dms.commandCalls(DescribeReplicationConfigsCommand);
    expect(calls).toHaveLength(2);
    expect(calls[0]?.args[0].input.MaxRecords).toBe(100);
    expect(results["orders-serverless"]).toMatchObject({
      compliance: "COMPLIANT",
      resourceType: "AWS::DMS::ReplicationConfig",
      resourceId: "arn:aws:dms:eu-west-1:111122223333:replication-config:ORDERSSERVERLESS1",
    });
    expect(results["legacy-serverless"]?.compliance).toBe("NON_COMPLIANT");
    expect(results["sales-ri"]).toMatchObject({
      compliance: "COMPLIANT",
      resourceType: "AWS::DMS::ReplicationInstance",
    });
  });

  it("evaluates instance profiles beside replication instances and endpoints with one listing each", async () => {
    const hosts = await run(notPublic);
    const connections = await run(encryptionAtRest);

    expect(hosts["sc-private"]).toMatchObject({
      compliance: "COMPLIANT",
      resourceType: "AWS::DMS::InstanceProfile",
    });
    expect(hosts["sc-defaults"]?.compliance).toBe("NON_COMPLIANT");
    expect(connections["sc-private"]?.compliance).toBe("COMPLIANT");
    expect(connections["sc-defaults"]?.annotation).toContain("ModifyInstanceProfile");
    // One invocation per rule: one DescribeInstanceProfiles each.
    expect(dms.commandCalls(DescribeInstanceProfilesCommand)).toHaveLength(2);
  });

  it("reports data providers under their own type: a virtual one NOT_APPLICABLE, one DescribeDataProviders call", async () => {
    const results = await run(tls);

    expect(results["crm-mysql-provider"]).toMatchObject({
      compliance: "NON_COMPLIANT",
      resourceType: "AWS::DMS::DataProvider",
      resourceId: "arn:aws:dms:eu-west-1:111122223333:data-provider:CRMMYSQLPROVIDER2",
    });
    expect(results["dw-redshift-provider"]?.compliance).toBe("COMPLIANT");
    expect(results["planned-target"]?.compliance).toBe("NOT_APPLICABLE");
    expect(results["sales-pg-source"]?.resourceType).toBe("AWS::DMS::Endpoint");
    expect(dms.commandCalls(DescribeDataProvidersCommand)).toHaveLength(1);
    // "Required permissions: dms:ListDataProviders" (DMS API reference, DescribeDataProviders).
    expect(collectorActions(tls)).toContain("dms:ListDataProviders");
  });

  it("derives the IAM actions from the new reads", () => {
    expect(collectorActions(instanceKms)).toContain("dms:DescribeReplicationConfigs");
    expect(collectorActions(notPublic)).toContain("dms:ListInstanceProfiles");
    expect(collectorActions(encryptionAtRest)).toContain("dms:ListInstanceProfiles");
    expect(collectorActions(notPublic)).not.toContain("dms:DescribeInstanceProfiles");
    expect(collectorActions(noSensitiveData)).toContain("dms:DescribeReplicationConfigs");
  });
});

describe("snapshots", () => {
  it("read the new operations under the API's names (services.dms.DescribeInstanceProfiles)", async () => {
    const source = new SnapshotSource({
      services: {
        dms: {
          DescribeReplicationInstances: { ReplicationInstances: [] },
          DescribeInstanceProfiles: fixture("dms/DescribeInstanceProfiles/default.json"),
        },
      },
    } as never);

    const collected = await collectAll("dmsReplicationHost", source, { accountId: undefined });

    expect(collected.map((c) => [c.resourceType, c.resourceName])).toEqual([
      ["AWS::DMS::InstanceProfile", "sc-private"],
      ["AWS::DMS::InstanceProfile", "sc-defaults"],
    ]);
    expect(kindAccess("dmsReplicationHost").operations.map((o) => o.operation)).toEqual([
      "DescribeReplicationInstances",
      "DescribeInstanceProfiles",
    ]);
  });
});
