import { CreateEndpointCommand } from "@aws-sdk/client-database-migration-service";
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateVpcCommand,
} from "@aws-sdk/client-ec2";
import { CreateKeyCommand, DisableKeyCommand } from "@aws-sdk/client-kms";
import { beforeAll, describe, expect, it } from "vitest";
import type { AwsClients, ServiceClient } from "../../packages/core/src/aws/clients.js";
import { loadFacts } from "../../packages/core/src/aws/facts.js";
import { type AccountRead, dmsDescribeInstanceProfiles } from "../../packages/core/src/aws/read.js";
import { LiveSource } from "../../packages/core/src/aws/source.js";
import { evaluateAll } from "../../packages/core/src/config/evaluator.js";
import { rule as authentication } from "../../packages/core/src/rules/dms-endpoint-authentication/index.js";
import { rule as encryptionAtRest } from "../../packages/core/src/rules/dms-endpoint-encryption-at-rest/index.js";
import { parseParameters } from "../../packages/core/src/rules/params.js";
import { motoClients } from "../support/moto.js";

/**
 * Integration against moto over HTTP: DMS endpoints (CreateEndpoint/DescribeEndpoints,
 * ListTagsForResource with ResourceArnList), KMS CreateKey/DescribeKey, EC2 security groups.
 */

const now = new Date("2026-11-20T09:00:00Z");
let clients: AwsClients;
let dms: ServiceClient<"dms">;
let kms: ServiceClient<"kms">;
let ec2: ServiceClient<"ec2">;
let customerKey: string;
let disabledKey: string;
const arns: Record<string, string> = {};
let listTagsRequests = 0;

async function createEndpoint(input: ConstructorParameters<typeof CreateEndpointCommand>[0]): Promise<void> {
  const out = await dms.send(new CreateEndpointCommand(input));
  arns[input.EndpointIdentifier as string] = out.Endpoint?.EndpointArn ?? "";
}

beforeAll(async () => {
  clients = motoClients("300000000301");
  ({ client: dms } = await clients.use("dms"));
  ({ client: kms } = await clients.use("kms"));
  ({ client: ec2 } = await clients.use("ec2"));
  dms.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === "ListTagsForResourceCommand") listTagsRequests++;
      return next(args);
    },
    { step: "initialize", name: "countListTags" },
  );
  customerKey = (await kms.send(new CreateKeyCommand({ Description: "dms connections" }))).KeyMetadata
    ?.Arn as string;
  const retired = (await kms.send(new CreateKeyCommand({ Description: "retired" }))).KeyMetadata;
  disabledKey = retired?.Arn as string;
  await kms.send(new DisableKeyCommand({ KeyId: retired?.KeyId }));

  await createEndpoint({
    EndpointIdentifier: "lake-s3-target",
    EndpointType: "target",
    EngineName: "s3",
    KmsKeyId: customerKey,
    S3Settings: {
      BucketName: "lake",
      ServiceAccessRoleArn: "arn:aws:iam::300000000301:role/dms-s3",
      EncryptionMode: "sse-kms",
      ServerSideEncryptionKmsKeyId: customerKey,
    },
    Tags: [{ Key: "Project", Value: "lake" }],
  });
  await createEndpoint({
    EndpointIdentifier: "archive-s3-target",
    EndpointType: "target",
    EngineName: "s3",
    KmsKeyId: customerKey,
    S3Settings: { BucketName: "archive", ServiceAccessRoleArn: "arn:aws:iam::300000000301:role/dms-s3" },
    Tags: [{ Key: "Owner", Value: "jane.doe@example.com" }],
  });
  await createEndpoint({
    EndpointIdentifier: "sales-pg-source",
    EndpointType: "source",
    EngineName: "postgres",
    ServerName: "sales.example.com",
    Port: 5432,
    Username: "dms",
    Password: "not-a-real-password",
    DatabaseName: "sales",
    KmsKeyId: disabledKey,
  });
  await createEndpoint({
    EndpointIdentifier: "catalog-mongodb-source",
    EndpointType: "source",
    EngineName: "mongodb",
    KmsKeyId: customerKey,
    MongoDbSettings: {
      ServerName: "mongo.example.com",
      Port: 27017,
      DatabaseName: "catalog",
      AuthType: "no",
    },
  });
});

/** moto has no DescribeInstanceProfiles (DMS Schema Conversion): an account without instance profiles. */
class MotoSource extends LiveSource {
  override read(op: AccountRead): Promise<unknown> {
    return op === dmsDescribeInstanceProfiles ? Promise.resolve({ InstanceProfiles: [] }) : super.read(op);
  }
}

describe("DMS rules against moto", () => {
  it("evaluates encryption at rest from DescribeEndpoints and KMS DescribeKey", async () => {
    const source = new MotoSource(clients);

    const params = parseParameters(encryptionAtRest.name, encryptionAtRest.parameters, {});

    const evaluations = await evaluateAll(encryptionAtRest, params, source, now);

    const byName = Object.fromEntries(evaluations.map((e) => [e.resourceName, e]));
    expect(byName["lake-s3-target"]).toMatchObject({
      compliance: "COMPLIANT",
      resourceType: "AWS::DMS::Endpoint",
    });
    expect(byName["archive-s3-target"]?.annotation).toContain("S3Settings.EncryptionMode SSE_S3");
    expect(byName["sales-pg-source"]?.annotation).toContain("is disabled");
    // One DescribeKey per distinct key: many endpoints share a key.
    expect(source.calls.get("kms:DescribeKey")).toBe(2);
  });

  it("reads KeyManager CUSTOMER from DescribeKey and null for a key that does not exist", async () => {
    const missing = "arn:aws:kms:us-east-1:300000000301:key/11111111-2222-4333-8444-555555555555";

    const facts = await loadFacts(new LiveSource(clients), ["kmsKeys"], {
      kmsKeys: new Set([customerKey, missing]),
    });

    expect(facts.kmsKeys.get(customerKey)).toMatchObject({
      keyManager: "CUSTOMER",
      keyState: "Enabled",
      enabled: true,
    });
    expect(facts.kmsKeys.get(missing)).toBeNull();
  });

  it("evaluates MongoDB authentication from a live endpoint", async () => {
    const evaluations = await evaluateAll(authentication, {}, new LiveSource(clients), now);

    expect(evaluations.find((e) => e.resourceName === "catalog-mongodb-source")?.compliance).toBe(
      "NON_COMPLIANT",
    );
    expect(evaluations.find((e) => e.resourceName === "sales-pg-source")?.compliance).toBe("NOT_APPLICABLE");
  });

  it("lists tags of several resources with one ListTagsForResource request (ResourceArnList)", async () => {
    const before = listTagsRequests;
    const refs = new Set([
      arns["lake-s3-target"],
      arns["archive-s3-target"],
      arns["sales-pg-source"],
    ] as string[]);

    const facts = await loadFacts(new LiveSource(clients), ["dmsTags"], { dmsTags: refs });

    expect(listTagsRequests - before).toBe(1);
    expect(facts.dmsTags.get(arns["lake-s3-target"] as string)).toEqual({ Project: "lake" });
    expect(facts.dmsTags.get(arns["archive-s3-target"] as string)).toEqual({ Owner: "jane.doe@example.com" });
    expect(facts.dmsTags.get(arns["sales-pg-source"] as string)).toEqual({});
  });

  it("finds security group ingress open to 0.0.0.0/0 and ::/0 with DescribeSecurityGroups", async () => {
    const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: "10.30.0.0/16" }));
    const vpcId = vpc.Vpc?.VpcId as string;
    const open = await ec2.send(
      new CreateSecurityGroupCommand({ GroupName: "dms-open", Description: "open", VpcId: vpcId }),
    );
    const closed = await ec2.send(
      new CreateSecurityGroupCommand({ GroupName: "dms-closed", Description: "closed", VpcId: vpcId }),
    );
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: open.GroupId,
        IpPermissions: [
          { IpProtocol: "tcp", FromPort: 5432, ToPort: 5432, IpRanges: [{ CidrIp: "0.0.0.0/0" }] },
          { IpProtocol: "tcp", FromPort: 443, ToPort: 443, Ipv6Ranges: [{ CidrIpv6: "::/0" }] },
        ],
      }),
    );
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: closed.GroupId,
        IpPermissions: [
          { IpProtocol: "tcp", FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: "10.30.0.0/16" }] },
        ],
      }),
    );

    const facts = await loadFacts(new LiveSource(clients), ["securityGroups"], {
      securityGroups: new Set([open.GroupId, closed.GroupId] as string[]),
    });

    expect(facts.securityGroups.get(open.GroupId as string)?.openIngress).toEqual([
      { cidr: "0.0.0.0/0", protocol: "tcp", fromPort: 5432, toPort: 5432 },
      { cidr: "::/0", protocol: "tcp", fromPort: 443, toPort: 443 },
    ]);
    expect(facts.securityGroups.get(closed.GroupId as string)?.openIngress).toEqual([]);
  });
});
