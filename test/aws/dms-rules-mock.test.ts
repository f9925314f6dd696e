import {
  DescribeCertificatesCommand,
  DescribeDataProvidersCommand,
  DescribeEndpointsCommand,
  DescribeInstanceProfilesCommand,
  DescribeReplicationConfigsCommand,
  DescribeReplicationInstancesCommand,
  DescribeReplicationTasksCommand,
  ListTagsForResourceCommand,
} from "@aws-sdk/client-database-migration-service";
import { DescribeSecurityGroupsCommand } from "@aws-sdk/client-ec2";
import { DescribeKeyCommand } from "@aws-sdk/client-kms";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { AwsClients } from "../../packages/core/src/aws/clients.js";
import { loadFacts } from "../../packages/core/src/aws/facts.js";
import { LiveSource, RecordingSource, SnapshotSource } from "../../packages/core/src/aws/source.js";
import type { Evaluation } from "../../packages/core/src/config/evaluation.js";
import { evaluateAll } from "../../packages/core/src/config/evaluator.js";
import { rule as certificateValidity } from "../../packages/core/src/rules/dms-certificate-validity/index.js";
import { rule as instanceKms } from "../../packages/core/src/rules/dms-replication-instance-kms/index.js";
import { rule as notPublic } from "../../packages/core/src/rules/dms-replication-instance-not-public/index.js";
import { rule as noSensitiveData } from "../../packages/core/src/rules/migration-no-sensitive-data/index.js";
import { parseParameters } from "../../packages/core/src/rules/params.js";
import type { AnyRule } from "../../packages/core/src/rules/types.js";
import { fixture, pem } from "../support/dms-fixtures.js";

/**
 * aws-sdk-client-mock where moto falls short: DescribeCertificates (moto has no DMS certificates)
 * and DescribeReplicationInstances/Tasks (moto's timestamps do not parse in the JS SDK). Outputs
 * are shaped like the DMS API reference, as the SDK deserializes them (timestamps as Date).
 */

const now = new Date("2026-11-20T09:00:00Z");
const ACCOUNT = "111122223333";

/** JSON fixture → SDK output: timestamps become Dates (typed `never` so it fits any command's output). */
function dates(value: unknown): never {
  return JSON.parse(JSON.stringify(value), (key, v) =>
    typeof v === "string" && /(Date|Time)$/.test(key) ? new Date(v) : v,
  ) as never;
}

const ROOT_ARN = `arn:aws:dms:eu-west-1:${ACCOUNT}:cert:ROOTCAAAAAAAAAAAAAAAAAAAAA`;
const SHA1_ARN = `arn:aws:dms:eu-west-1:${ACCOUNT}:cert:SHA1CAAAAAAAAAAAAAAAAAAAAA`;

const certificatesPage1 = {
  Certificates: [
    {
      CertificateIdentifier: "root-ca",
      CertificateCreationDate: "2025-01-10T09:00:00.000Z",
      CertificatePem: pem("root-ca.pem"),
      CertificateArn: ROOT_ARN,
      CertificateOwner: ACCOUNT,
      ValidFromDate: "2024-01-01T00:00:00.000Z",
      ValidToDate: "2034-01-01T00:00:00.000Z",
      SigningAlgorithm: "SHA256withRSA",
      KeyLength: 2048,
    },
  ],
  Marker: "page-2",
};
const certificatesPage2 = {
  Certificates: [
    {
      CertificateIdentifier: "legacy-sha1-ca",
      CertificateCreationDate: "2024-02-15T10:00:00.000Z",
      CertificatePem: pem("sha1-ca.pem"),
      CertificateArn: SHA1_ARN,
      CertificateOwner: ACCOUNT,
      ValidFromDate: "2024-01-01T00:00:00.000Z",
      ValidToDate: "2034-01-01T00:00:00.000Z",
      SigningAlgorithm: "SHA1withRSA",
      KeyLength: 2048,
    },
  ],
};

let clients: AwsClients;
let dms: ReturnType<typeof mockClient>;
let kms: ReturnType<typeof mockClient>;
let ec2: ReturnType<typeof mockClient>;

beforeEach(async () => {
  clients = new AwsClients({
    region: "eu-west-1",
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "not-a-secret" },
  });
  dms = mockClient((await clients.use("dms")).client);
  kms = mockClient((await clients.use("kms")).client);
  ec2 = mockClient((await clients.use("ec2")).client);
  const endpoints = fixture<{ Endpoints: Record<string, unknown>[] }>("dms/DescribeEndpoints/default.json");
  const pg = endpoints.Endpoints.find((e) => e.EndpointIdentifier === "sales-pg-source");
  if (pg) pg.CertificateArn = ROOT_ARN;
  dms.on(DescribeEndpointsCommand).resolves(endpoints);
  dms
    .on(DescribeCertificatesCommand)
    .resolvesOnce(dates(certificatesPage1))
    .resolvesOnce(dates(certificatesPage2));
  dms
    .on(DescribeReplicationInstancesCommand)
    .resolves(dates(fixture("dms/DescribeReplicationInstances/default.json")));
  dms
    .on(DescribeReplicationTasksCommand)
    .resolves(dates(fixture("dms/DescribeReplicationTasks/default.json")));
  // This account has no DMS Serverless or Schema Conversion resources (test/aws/dms-serverless.test.ts has).
  dms.on(DescribeReplicationConfigsCommand).resolves({ ReplicationConfigs: [] });
  dms.on(DescribeInstanceProfilesCommand).resolves({ InstanceProfiles: [] });
  dms.on(DescribeDataProvidersCommand).resolves({ DataProviders: [] });
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

async function run(rule: AnyRule, source = new LiveSource(clients)) {
  const params = parseParameters(rule.name, rule.parameters, {});
  const byName: Record<string, Evaluation> = {};
  for (const e of await evaluateAll(rule, params, source, now)) byName[e.resourceName ?? e.resourceId] = e;
  return byName;
}

describe("DMS rules with mocked DMS certificate and replication instance APIs", () => {
  it("merges DescribeCertificates pages and evaluates each certificate", async () => {
    const results = await run(certificateValidity);

    // Two pages (the paginator reuses its input object, so only the last Marker can be read back).
    expect(dms.commandCalls(DescribeCertificatesCommand)).toHaveLength(2);
    expect(dms.commandCalls(DescribeCertificatesCommand)[1]?.args[0].input.Marker).toBe("page-2");
    expect(results["root-ca"]).toMatchObject({
      compliance: "COMPLIANT",
      resourceType: "AWS::DMS::Certificate",
    });
    expect(results["root-ca"]?.annotation).toContain("used by 1 endpoint");
    expect(results["legacy-sha1-ca"]?.compliance).toBe("NON_COMPLIANT");
    expect(results["legacy-sha1-ca"]?.annotation).toContain("unused");
  });

  it("evaluates replication instance keys with one DescribeKey per distinct key", async () => {
    const results = await run(instanceKms);

    expect(results["sales-ri"]?.compliance).toBe("COMPLIANT");
    expect(results["lift-ri"]?.compliance).toBe("NON_COMPLIANT");
    expect(kms.commandCalls(DescribeKeyCommand)).toHaveLength(2);
    expect(dms.commandCalls(DescribeReplicationInstancesCommand)[0]?.args[0].input).toEqual({
      MaxRecords: 100,
    });
  });

  it("evaluates public exposure with the instances' security groups", async () => {
    const results = await run(notPublic);

    expect(results["sales-ri"]?.compliance).toBe("COMPLIANT");
    expect(results["lift-ri"]?.annotation).toContain("reachable from the internet");
    expect(ec2.commandCalls(DescribeSecurityGroupsCommand)[0]?.args[0].input).toEqual({ MaxResults: 1000 });
  });

  it("reports each DMS resource with its own resource type and reads all tags in one ListTagsForResource call", async () => {
    dms.on(ListTagsForResourceCommand).callsFake((input: { ResourceArnList?: string[] }) => ({
      TagList: (input.ResourceArnList ?? []).map((arn) => ({
        Key: "Owner",
        Value: arn.includes(":rep:LIFTRI") ? "jane.doe@example.com" : "data-platform",
        ResourceArn: arn,
      })),
    }));

    const results = await run(noSensitiveData);

    const types = new Set(Object.values(results).map((e) => e.resourceType));
    expect(types).toEqual(
      new Set([
        "AWS::DMS::Endpoint",
        "AWS::DMS::ReplicationInstance",
        "AWS::DMS::ReplicationTask",
        "AWS::DMS::Certificate",
      ]),
    );
    expect(Object.keys(results)).toHaveLength(9 + 2 + 1 + 2);
    expect(results["lift-ri"]).toMatchObject({
      compliance: "NON_COMPLIANT",
      resourceType: "AWS::DMS::ReplicationInstance",
    });
    expect(results["sales-full-load-cdc"]?.resourceType).toBe("AWS::DMS::ReplicationTask");
    expect(dms.commandCalls(ListTagsForResourceCommand)).toHaveLength(1);
    // Read with the task settings (dms-replication-task-logging reads them from the same listing).
    expect(dms.commandCalls(DescribeReplicationTasksCommand)[0]?.args[0].input).not.toHaveProperty(
      "WithoutSettings",
    );
  });

  it("captures dms.ListTagsForResource[arn] and the other new operations into a snapshot that replays the same results", async () => {
    dms
      .on(ListTagsForResourceCommand)
      .callsFake((input: { ResourceArnList?: string[]; ResourceArn?: string }) => ({
        TagList: (input.ResourceArnList ?? [input.ResourceArn]).map((arn) => ({
          Key: "Project",
          Value: "sales",
          ResourceArn: arn,
        })),
      }));
    const recorder = new RecordingSource(new LiveSource(clients));
    const live = {
      ...(await run(noSensitiveData, recorder as never)),
      ...(await run(notPublic, recorder as never)),
      ...(await run(instanceKms, recorder as never)),
    };

    const snapshot = recorder.toSnapshot(ACCOUNT, "eu-west-1", now);
    const replay = new SnapshotSource(JSON.parse(JSON.stringify(snapshot)));
    const replayed = {
      ...(await run(noSensitiveData, replay as never)),
      ...(await run(notPublic, replay as never)),
      ...(await run(instanceKms, replay as never)),
    };

    expect(Object.keys(snapshot.services.dms ?? {}).sort()).toEqual([
      "DescribeCertificates",
      "DescribeEndpoints",
      "DescribeInstanceProfiles",
      "DescribeReplicationConfigs",
      "DescribeReplicationInstances",
      "DescribeReplicationTasks",
      "ListTagsForResource",
    ]);
    expect(snapshot.services.dms?.ListTagsForResource).toHaveProperty([ROOT_ARN]);
    expect(Object.keys(snapshot.services.ec2 ?? {})).toEqual(["DescribeSecurityGroups"]);
    expect(Object.keys((snapshot.services.kms?.DescribeKey as object) ?? {})).toHaveLength(2);
    expect(replayed).toEqual(live);
  });

  it("sends ListTagsForResource in batches of 100 ARNs", async () => {
    dms.on(ListTagsForResourceCommand).callsFake((input: { ResourceArnList?: string[] }) => ({
      TagList: (input.ResourceArnList ?? []).map((arn) => ({
        Key: "Name",
        Value: arn.slice(-3),
        ResourceArn: arn,
      })),
    }));
    const arns = Array.from(
      { length: 150 },
      (_, i) => `arn:aws:dms:eu-west-1:${ACCOUNT}:endpoint:E${String(i).padStart(3, "0")}`,
    );

    const facts = await loadFacts(new LiveSource(clients), ["dmsTags"], { dmsTags: new Set(arns) });

    expect(
      dms.commandCalls(ListTagsForResourceCommand).map((c) => c.args[0].input.ResourceArnList?.length),
    ).toEqual([100, 50]);
    expect(facts.dmsTags.get(arns[149] as string)).toEqual({ Name: "149" });
  });

  it("falls back to one request per ARN when a resource of the batch no longer exists", async () => {
    const gone = `arn:aws:dms:eu-west-1:${ACCOUNT}:endpoint:DELETEDXXXXXXXXXXXXXXXXXXX`;
    const kept = `arn:aws:dms:eu-west-1:${ACCOUNT}:endpoint:KEPTXXXXXXXXXXXXXXXXXXXXXX`;
    const notFound = Object.assign(new Error("Resource not found"), { name: "ResourceNotFoundFault" });
    dms
      .on(ListTagsForResourceCommand, { ResourceArnList: [gone, kept] })
      .rejects(notFound)
      .on(ListTagsForResourceCommand, { ResourceArn: gone })
      .rejects(notFound)
      .on(ListTagsForResourceCommand, { ResourceArn: kept })
      .resolves({ TagList: [{ Key: "Project", Value: "sales" }] });

    const facts = await loadFacts(new LiveSource(clients), ["dmsTags"], { dmsTags: new Set([gone, kept]) });

    expect(facts.dmsTags.get(gone)).toEqual({});
    expect(facts.dmsTags.get(kept)).toEqual({ Project: "sales" });
    expect(dms.commandCalls(ListTagsForResourceCommand)).toHaveLength(3);
  });
});
