import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateVpcCommand,
  EnableEbsEncryptionByDefaultCommand,
} from "@aws-sdk/client-ec2";
import { CreateKeyCommand } from "@aws-sdk/client-kms";
import { beforeAll, describe, expect, it } from "vitest";
import type { MgnApi } from "../../packages/core/src/aws/mgn.js";
import { LiveSource, SnapshotSource } from "../../packages/core/src/aws/source.js";
import type { ReportedResult } from "../../packages/core/src/config/config-api.js";
import { type ConfigReader, evaluateConfigEvent } from "../../packages/core/src/config/evaluator.js";
import { parseConfigEvent } from "../../packages/core/src/config/events.js";
import { rule as expiry } from "../../packages/core/src/rules/mgn-agent-key-expiry/index.js";
import { rule as replication } from "../../packages/core/src/rules/mgn-replication-settings/index.js";
import { parseParameters } from "../../packages/core/src/rules/params.js";
import { fixtureText } from "../support/fixtures.js";
import { motoClients, useMotoEnvironment } from "../support/moto.js";
import { isolateMotoAccount } from "../support/moto-account.js";

/**
 * The Config protocol for the MGN rules: a scheduled event for the account-level rule (resource
 * id from event.accountId; EC2 and KMS from moto, MGN through a mocked MgnApi with API-shaped
 * payloads) and a configuration change of an AWS::IAM::User for the expiry rule.
 */

const ACCOUNT = "400000000005";
const fixture = fixtureText;
const json = (name: string) => structuredClone(JSON.parse(fixture(name)));

const noConfig = (earlier: ReportedResult[] = []): ConfigReader => ({
  getLatestConfigurationItem: async () => {
    throw new Error("not expected");
  },
  listReportedResources: async () => earlier,
});

let keyArn = "";
let closedGroup = "";
let openGroup = "";

beforeAll(async () => {
  const clients = motoClients(ACCOUNT);
  const { client: kms } = await clients.use("kms");
  const { client: ec2 } = await clients.use("ec2");
  const key = await kms.send(new CreateKeyCommand({ Description: "MGN replication EBS" }));
  keyArn = key.KeyMetadata?.Arn ?? "";
  const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: "10.40.0.0/16" }));
  const group = async (name: string, cidr: string) => {
    const { GroupId = "" } = await ec2.send(
      new CreateSecurityGroupCommand({ GroupName: name, Description: name, VpcId: vpc.Vpc?.VpcId }),
    );
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId,
        IpPermissions: [{ IpProtocol: "tcp", FromPort: 1500, ToPort: 1500, IpRanges: [{ CidrIp: cidr }] }],
      }),
    );
    return GroupId;
  };
  closedGroup = await group("mgn-from-datacenter", "203.0.113.0/24");
  openGroup = await group("mgn-open", "0.0.0.0/0");
  await ec2.send(new EnableEbsEncryptionByDefaultCommand({}));
});

function mgnApi(securityGroup: string): MgnApi {
  const template = json("mgn/DescribeReplicationConfigurationTemplates/default.json");
  template.items[0].ebsEncryptionKeyArn = keyArn;
  template.items[0].replicationServersSecurityGroupsIDs = [closedGroup];
  const config = json("mgn/GetReplicationConfiguration/default.json");
  config.ebsEncryptionKeyArn = keyArn;
  config.replicationServersSecurityGroupsIDs = [securityGroup];
  const servers = json("mgn/DescribeSourceServers/default.json");
  servers.items = servers.items.slice(0, 1);
  return {
    describeSourceServers: async () => servers,
    describeReplicationConfigurationTemplates: async () => template,
    getReplicationConfiguration: async (id) => (id === config.sourceServerID ? config : null),
  };
}

function liveSource(mgn: MgnApi): LiveSource {
  useMotoEnvironment(ACCOUNT);
  return new LiveSource(isolateMotoAccount({ region: "us-east-1", maxAttempts: 2, mgn }, ACCOUNT));
}

describe("mgn-replication-settings on a scheduled event", () => {
  it("returns one COMPLIANT account evaluation when the template and the server use the customer key and closed groups", async () => {
    const event = parseConfigEvent(json("config/ScheduledNotification/mgn.json"));
    const evaluations = await evaluateConfigEvent(
      replication,
      event,
      parseParameters(replication.name, replication.parameters, {}),
      {
        source: liveSource(mgnApi(closedGroup)),
        config: noConfig(),
        now: new Date("2026-11-20T09:00:00Z"),
      },
    );
    expect(evaluations).toHaveLength(1);
    expect(evaluations[0]).toMatchObject({
      resourceType: "AWS::::Account",
      resourceId: "123456789012",
      compliance: "COMPLIANT",
      orderingTimestamp: new Date("2026-11-20T09:00:00Z"),
    });
  });

  it("returns NON_COMPLIANT naming the source server whose security group is open to 0.0.0.0/0", async () => {
    const event = parseConfigEvent(json("config/ScheduledNotification/mgn.json"));
    const [evaluation] = await evaluateConfigEvent(
      replication,
      event,
      parseParameters(replication.name, replication.parameters, {}),
      {
        source: liveSource(mgnApi(openGroup)),
        config: noConfig(),
        now: new Date("2026-11-20T09:00:00Z"),
      },
    );
    expect(evaluation?.compliance).toBe("NON_COMPLIANT");
    expect(evaluation?.annotation).toContain(
      `First: source server s-1a2b3c4d5e6f70001 (app-01): security group ${openGroup} allows tcp 1500 from 0.0.0.0/0`,
    );
  });

  it("fails naming the field when the scheduled event has no accountId", async () => {
    const raw = json("config/ScheduledNotification/mgn.json");
    delete raw.accountId;
    await expect(
      evaluateConfigEvent(
        replication,
        parseConfigEvent(raw),
        {},
        {
          source: liveSource(mgnApi(closedGroup)),
          config: noConfig(),
          now: new Date(),
        },
      ),
    ).rejects.toThrow(/account id/);
  });
});

describe("mgn-agent-key-expiry on a configuration change", () => {
  const gaad = () => json("iam/GetAccountAuthorizationDetails/default.json");
  const withoutBoundary = (userName: string) => {
    const output = gaad();
    for (const user of output.UserDetailList) if (user.UserName === userName) delete user.PermissionsBoundary;
    return output;
  };
  const source = (authorizationDetails: unknown = gaad()) =>
    new SnapshotSource({
      accountId: "123456789012",
      region: "us-east-1",
      capturedAt: "2026-11-20T09:00:00Z",
      services: {
        iam: {
          GetAccountAuthorizationDetails: authorizationDetails,
          GetCredentialReport: {
            GeneratedTime: "2026-11-20T08:55:00Z",
            Content: fixture("iam/GetCredentialReport/content.csv"),
          },
        },
      },
    });

  it("returns COMPLIANT for the changed user, from its configuration item, at the item's capture time", async () => {
    const event = parseConfigEvent(json("config/ConfigurationItemChangeNotification/iam-user.json"));
    const evaluations = await evaluateConfigEvent(
      expiry,
      event,
      parseParameters(expiry.name, expiry.parameters, {}),
      {
        source: source(),
        config: noConfig(),
        now: new Date("2026-11-20T09:00:00Z"),
      },
    );
    expect(evaluations).toEqual([
      {
        rule: "mgn-agent-key-expiry",
        resourceType: "AWS::IAM::User",
        resourceId: "AIDAEXAMPLEWAVE1AAAAA",
        resourceName: "mgn-agent-wave1",
        compliance: "COMPLIANT",
        annotation:
          "keys stop working on 2026-12-05T00:00:00Z (boundary mgn-agent-boundary, Deny ExpireAgentKeys)",
        orderingTimestamp: new Date("2026-11-20T08:30:00.000Z"),
      },
    ]);
  });

  it("returns NON_COMPLIANT when the change removed the permissions boundary", async () => {
    const raw = json("config/ConfigurationItemChangeNotification/iam-user.json");
    const invoking = JSON.parse(raw.invokingEvent);
    delete invoking.configurationItem.configuration.permissionsBoundary;
    raw.invokingEvent = JSON.stringify(invoking);
    // An item without permissionsBoundary is completed from GetAccountAuthorizationDetails (Config's
    // recorded AWS::IAM::User properties do not list it: awslabs/aws-config-resource-schema), read
    // after the change: the account's users as they are then, without the boundary.
    const [evaluation] = await evaluateConfigEvent(
      expiry,
      parseConfigEvent(raw),
      parseParameters(expiry.name, expiry.parameters, {}),
      {
        source: source(withoutBoundary("mgn-agent-wave1")),
        config: noConfig(),
        now: new Date("2026-11-20T09:00:00Z"),
      },
    );
    expect(evaluation).toMatchObject({
      compliance: "NON_COMPLIANT",
      annotation: expect.stringContaining("no permissions boundary"),
    });
  });
  it("reads the permissions boundary from GetAccountAuthorizationDetails when the item does not carry it", async () => {
    // Config's recorded AWS::IAM::User properties (awslabs/aws-config-resource-schema,
    // AWS::IAM::User.properties.json) list no permissionsBoundary.
    const raw = json("config/ConfigurationItemChangeNotification/iam-user.json");
    const invoking = JSON.parse(raw.invokingEvent);
    delete invoking.configurationItem.configuration.permissionsBoundary;
    raw.invokingEvent = JSON.stringify(invoking);
    const [evaluation] = await evaluateConfigEvent(
      expiry,
      parseConfigEvent(raw),
      parseParameters(expiry.name, expiry.parameters, {}),
      { source: source(), config: noConfig(), now: new Date("2026-11-20T09:00:00Z") },
    );
    expect(evaluation).toMatchObject({
      compliance: "COMPLIANT",
      annotation:
        "keys stop working on 2026-12-05T00:00:00Z (boundary mgn-agent-boundary, Deny ExpireAgentKeys)",
    });
  });

  it("says the boundary was not checked when the item lacks it and the user is no longer listed", async () => {
    const raw = json("config/ConfigurationItemChangeNotification/iam-user.json");
    const invoking = JSON.parse(raw.invokingEvent);
    delete invoking.configurationItem.configuration.permissionsBoundary;
    raw.invokingEvent = JSON.stringify(invoking);
    const details = gaad();
    details.UserDetailList = details.UserDetailList.filter(
      (u: { UserName: string }) => u.UserName !== "mgn-agent-wave1",
    );
    const [evaluation] = await evaluateConfigEvent(
      expiry,
      parseConfigEvent(raw),
      parseParameters(expiry.name, expiry.parameters, {}),
      { source: source(details), config: noConfig(), now: new Date("2026-11-20T09:00:00Z") },
    );
    expect(evaluation?.annotation).toMatch(
      /^not checked: permissions boundary \(not in the configuration item; GetAccountAuthorizationDetails no longer lists the user\)\. MGN agent user has no permissions boundary/,
    );
  });
});
