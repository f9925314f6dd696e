import { ConfigServiceClient, PutEvaluationsCommand } from "@aws-sdk/client-config-service";
import {
  DatabaseMigrationServiceClient,
  DescribeReplicationTasksCommand,
  ListTagsForResourceCommand,
  paginateDescribeCertificates,
  paginateDescribeEndpoints,
  paginateDescribeReplicationInstances,
} from "@aws-sdk/client-database-migration-service";
import {
  DescribeSecurityGroupsCommand,
  EC2Client,
  GetEbsEncryptionByDefaultCommand,
  paginateDescribeSecurityGroups,
} from "@aws-sdk/client-ec2";
import {
  GenerateCredentialReportCommand,
  GetAccessKeyLastUsedCommand,
  GetCredentialReportCommand,
  IAMClient,
  ListAccessKeysCommand,
  paginateGetAccountAuthorizationDetails,
} from "@aws-sdk/client-iam";
import { DescribeKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import {
  GetReplicationConfigurationCommand,
  MgnClient,
  paginateDescribeReplicationConfigurationTemplates,
  paginateDescribeSourceServers,
} from "@aws-sdk/client-mgn";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { isThrottlingError } from "@smithy/service-error-classification";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateAccount } from "../support/aws/dataset.js";
import { FaultProxy } from "../support/aws/fault-proxy.js";
import { FakeAws } from "../support/aws/server.js";

/**
 * The local AWS-compatible server must be read correctly by the real SDK v3 clients (the same
 * deserializers the Lambda uses), page by page, for every operation migration-guard calls.
 */

const account = generateAccount({ users: 1_234, endpoints: 230, seed: 3 });
const server = new FakeAws(account);
let endpoint = "";

function config() {
  return {
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "AKIDLOCAL", secretAccessKey: "local-secret" },
    maxAttempts: 1,
  };
}

beforeAll(async () => {
  endpoint = await server.start();
});
afterAll(() => server.stop());

describe("local AWS server", () => {
  it("returns every DMS endpoint, certificate and replication instance over 100-record pages", async () => {
    const dms = new DatabaseMigrationServiceClient(config());
    server.resetCounters();
    const endpoints = [];
    for await (const p of paginateDescribeEndpoints({ client: dms, pageSize: 100 }, { MaxRecords: 100 }))
      endpoints.push(...(p.Endpoints ?? []));
    expect(endpoints).toHaveLength(230);
    expect(server.calls.get("dms.DescribeEndpoints")).toBe(3);
    expect(server.minimalCalls("dms.DescribeEndpoints")).toBe(3);
    expect(new Set(endpoints.map((e) => e.EngineName)).size).toBeGreaterThan(15);
    const certificates = [];
    for await (const p of paginateDescribeCertificates({ client: dms, pageSize: 100 }, { MaxRecords: 100 }))
      certificates.push(...(p.Certificates ?? []));
    expect(certificates).toHaveLength(account.dms.certificates.length);
    expect(certificates[0]?.ValidToDate).toBeInstanceOf(Date);
    const instances = [];
    for await (const p of paginateDescribeReplicationInstances(
      { client: dms, pageSize: 100 },
      { MaxRecords: 100 },
    ))
      instances.push(...(p.ReplicationInstances ?? []));
    expect(instances[0]?.VpcSecurityGroups?.[0]?.VpcSecurityGroupId).toMatch(/^sg-/);
    const tasks = await dms.send(
      new DescribeReplicationTasksCommand({ MaxRecords: 100, WithoutSettings: true }),
    );
    expect(tasks.ReplicationTasks?.[0]?.ReplicationTaskSettings).toBeUndefined();
    const tags = await dms.send(new ListTagsForResourceCommand({ ResourceArn: endpoints[0]?.EndpointArn }));
    expect(tags.TagList?.[0]?.Key).toBe("app");
    const bulk = await dms.send(
      new ListTagsForResourceCommand({
        ResourceArnList: [
          ...endpoints.slice(1, 151).map((e) => e.EndpointArn ?? ""),
          String(tasks.ReplicationTasks?.[0]?.ReplicationTaskArn),
        ],
      }),
    );
    expect(new Set(bulk.TagList?.map((t) => t.ResourceArn)).size).toBe(150);
    expect(server.minimalCalls("dms.ListTagsForResource")).toBe(2);
    await expect(
      dms.send(
        new ListTagsForResourceCommand({ ResourceArn: "arn:aws:dms:us-east-1:123456789012:endpoint:GONE" }),
      ),
    ).rejects.toMatchObject({ name: "ResourceNotFoundFault" });
  });

  it("rejects a DMS page size above the API maximum as DMS does", async () => {
    const dms = new DatabaseMigrationServiceClient(config());
    await expect(
      paginateDescribeEndpoints({ client: dms }, { MaxRecords: 1000 }).next(),
    ).rejects.toMatchObject({ name: "InvalidParameterValueException" });
  });

  it("describes KMS keys by id, ARN and alias and reports unknown keys as NotFoundException", async () => {
    const kms = new KMSClient(config());
    const key = account.kmsKeys[0] as { KeyId: string; Arn: string };
    const byAlias = await kms.send(new DescribeKeyCommand({ KeyId: "alias/aws/dms" }));
    expect(byAlias.KeyMetadata?.KeyManager).toBe("AWS");
    expect(byAlias.KeyMetadata?.CreationDate).toBeInstanceOf(Date);
    const byArn = await kms.send(new DescribeKeyCommand({ KeyId: key.Arn }));
    expect(byArn.KeyMetadata?.KeyId).toBe(key.KeyId);
    await expect(kms.send(new DescribeKeyCommand({ KeyId: "alias/none" }))).rejects.toMatchObject({
      name: "NotFoundException",
    });
  });

  it("pages IAM authorization details (awsQuery XML) with agent users and URL-encoded policy documents", async () => {
    const iam = new IAMClient(config());
    const users = [];
    const policies = [];
    for await (const p of paginateGetAccountAuthorizationDetails(
      { client: iam, pageSize: 1000 },
      { Filter: ["User", "LocalManagedPolicy"], MaxItems: 1000 },
    )) {
      users.push(...(p.UserDetailList ?? []));
      policies.push(...(p.Policies ?? []));
    }
    expect(users).toHaveLength(1_234);
    const agents = users.filter((u) =>
      u.AttachedManagedPolicies?.some((m) => m.PolicyName === "AWSApplicationMigrationAgentPolicy"),
    );
    expect(agents).toHaveLength(account.agentUsers);
    expect(users.some((u) => u.PermissionsBoundary?.PermissionsBoundaryArn)).toBe(true);
    const document = JSON.parse(decodeURIComponent(policies[0]?.PolicyVersionList?.[0]?.Document ?? ""));
    expect(document.Statement[0].Condition.DateLessThan["aws:CurrentTime"]).toMatch(/^\d{4}-/);
    expect(server.minimalCalls("iam.GetAccountAuthorizationDetails")).toBe(2);
  });

  it("serves the credential report, access keys and last use", async () => {
    const iam = new IAMClient(config());
    expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe("COMPLETE");
    const report = await iam.send(new GetCredentialReportCommand({}));
    const csv = Buffer.from(report.Content ?? new Uint8Array()).toString("utf8");
    const lines = csv.trim().split("\n");
    expect(lines[0]).toMatch(/^user,arn,user_creation_time,/);
    expect(lines).toHaveLength(1_234 + 2);
    const agent = account.users.find((u) => u.agent && u.accessKeys.length > 0);
    const keys = await iam.send(new ListAccessKeysCommand({ UserName: agent?.UserName }));
    expect(keys.AccessKeyMetadata?.[0]?.CreateDate).toBeInstanceOf(Date);
    const used = await iam.send(
      new GetAccessKeyLastUsedCommand({ AccessKeyId: keys.AccessKeyMetadata?.[0]?.AccessKeyId }),
    );
    expect(used.UserName).toBe(agent?.UserName);
  });

  it("serves EC2 security groups (ec2Query XML) and EBS default encryption", async () => {
    const ec2 = new EC2Client(config());
    const groups = [];
    for await (const p of paginateDescribeSecurityGroups(
      { client: ec2, pageSize: 1000 },
      { MaxResults: 1000 },
    ))
      groups.push(...(p.SecurityGroups ?? []));
    expect(groups).toHaveLength(account.securityGroups.length);
    expect(groups[0]?.IpPermissions?.[0]?.IpRanges?.[0]?.CidrIp).toBeDefined();
    const one = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groups[1]?.GroupId ?? ""] }));
    expect(one.SecurityGroups?.[0]?.GroupId).toBe(groups[1]?.GroupId);
    const ebs = await ec2.send(new GetEbsEncryptionByDefaultCommand({}));
    expect(ebs.EbsEncryptionByDefault).toBe(false);
  });

  it("serves MGN source servers, templates and replication configurations (restJson)", async () => {
    const mgn = new MgnClient(config());
    const servers = [];
    for await (const p of paginateDescribeSourceServers({ client: mgn, pageSize: 1000 }, { filters: {} }))
      servers.push(...(p.items ?? []));
    expect(servers).toHaveLength(account.mgn.sourceServers.length);
    const templates = [];
    for await (const p of paginateDescribeReplicationConfigurationTemplates(
      { client: mgn, pageSize: 1000 },
      {},
    ))
      templates.push(...(p.items ?? []));
    expect(templates.map((t) => t.ebsEncryption)).toContain("CUSTOM");
    const replication = await mgn.send(
      new GetReplicationConfigurationCommand({ sourceServerID: servers[0]?.sourceServerID }),
    );
    expect(replication.sourceServerID).toBe(servers[0]?.sourceServerID);
    await expect(
      mgn.send(new GetReplicationConfigurationCommand({ sourceServerID: "s-00000000000000000" })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("accepts PutEvaluations and answers GetCallerIdentity", async () => {
    const configClient = new ConfigServiceClient(config());
    const out = await configClient.send(
      new PutEvaluationsCommand({
        ResultToken: "local-token",
        Evaluations: [
          {
            ComplianceResourceType: "AWS::DMS::Endpoint",
            ComplianceResourceId: "arn:x",
            ComplianceType: "COMPLIANT",
            OrderingTimestamp: new Date(),
          },
        ],
      }),
    );
    expect(out.FailedEvaluations).toEqual([]);
    expect(server.acceptedFor("local-token").entries).toBe(1);
    const sts = new STSClient(config());
    expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe(account.accountId);
  });

  it("returns each protocol's throttling error through the fault proxy, which the SDK classifies as throttling", async () => {
    const proxy = new FaultProxy({
      upstream: endpoint,
      alwaysFail: {
        "dms.DescribeEndpoints": "throttle",
        "iam.GenerateCredentialReport": "throttle",
        "ec2.GetEbsEncryptionByDefault": "throttle",
        "mgn.DescribeSourceServers": "throttle",
      },
    });
    const proxied = await proxy.start();
    try {
      const c = { ...config(), endpoint: proxied };
      const errors = await Promise.all([
        new DatabaseMigrationServiceClient(c).send(new DescribeReplicationTasksCommand({})).catch((e) => e),
        paginateDescribeEndpoints({ client: new DatabaseMigrationServiceClient(c) }, {})
          .next()
          .catch((e) => e),
        new IAMClient(c).send(new GenerateCredentialReportCommand({})).catch((e) => e),
        new EC2Client(c).send(new GetEbsEncryptionByDefaultCommand({})).catch((e) => e),
        new MgnClient(c)
          .send(new GetReplicationConfigurationCommand({ sourceServerID: "s-1" }))
          .catch((e) => e),
        paginateDescribeSourceServers({ client: new MgnClient(c) }, {})
          .next()
          .catch((e) => e),
      ]);
      const names = errors.map((e) => (e instanceof Error ? e.name : "ok"));
      expect(names[1]).toBe("ThrottlingException");
      expect(names[2]).toBe("Throttling");
      expect(names[3]).toBe("RequestLimitExceeded");
      expect(names[5]).toBe("ThrottlingException");
      // The SDK retry strategy's own classification: these are retried as throttling (with backoff).
      for (const i of [1, 2, 3, 5]) expect(isThrottlingError(errors[i])).toBe(true);
    } finally {
      await proxy.stop();
    }
  });
});
