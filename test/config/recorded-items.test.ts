import {
  ConfigServiceClient,
  GetResourceConfigHistoryCommand,
  PutEvaluationsCommand,
} from "@aws-sdk/client-config-service";
import {
  DatabaseMigrationServiceClient,
  DescribeCertificatesCommand,
  DescribeReplicationInstancesCommand,
} from "@aws-sdk/client-database-migration-service";
import { DescribeSecurityGroupsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { DescribeKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AwsClients } from "../../packages/core/src/aws/clients.js";
import { kindAccess } from "../../packages/core/src/aws/kinds.js";
import { LiveSource } from "../../packages/core/src/aws/source.js";
import { handleConfigRuleEvent } from "../../packages/core/src/config/handler.js";
import { parseConfigurationItem } from "../../packages/core/src/config/items.js";
import { rule as instanceKms } from "../../packages/core/src/rules/dms-replication-instance-kms/index.js";
import { rule as notPublic } from "../../packages/core/src/rules/dms-replication-instance-not-public/index.js";
import type { AnyRule } from "../../packages/core/src/rules/types.js";
import { shapeOf } from "../support/aws-model.js";
import { fixture } from "../support/fixtures.js";

/**
 * Configuration items as AWS Config delivers them, through the handler (AWS mocked at the SDK
 * client): items that carry no configuration (issue 10, item 6) and items that carry less than
 * the API returns (item 7).
 *
 * Sources: the Config API model's ConfigurationItem.configurationItemStatus documentation
 * ("ResourceNotRecorded – The resource was discovered but its configuration was not recorded since
 * the recorder doesn't record resources of this type", "ResourceDeletedNotRecorded – The resource was
 * deleted but its configuration was not recorded ..."); the properties Config records per type,
 * awslabs/aws-config-resource-schema config/properties/resource-types/AWS::DMS::ReplicationInstance
 * .properties.json (no VpcSecurityGroupIds) and AWS::DMS::Certificate.properties.json
 * (CertificateIdentifier and Id only).
 */

const config = mockClient(ConfigServiceClient);
const dms = mockClient(DatabaseMigrationServiceClient);
const ec2 = mockClient(EC2Client);
const kms = mockClient(KMSClient);
const NOW = new Date("2026-11-20T09:00:00Z");
const ARN = "arn:aws:dms:us-east-1:123456789012:rep:RECORDEDRIAAAAAAAAAAAAAAAA";
const KEY = "arn:aws:kms:us-east-1:123456789012:key/1111aaaa-22bb-33cc-44dd-555555eeeeee";

type Event = Record<string, unknown> & { invokingEvent: string };

function run(rule: AnyRule, event: unknown) {
  return handleConfigRuleEvent(rule, event, {
    clients: new AwsClients({ region: "us-east-1" }),
    now: () => NOW,
    sleep: async () => {},
  });
}

/** The event with its configuration item changed by `edit`. */
function withItem(name: string, edit: (item: Record<string, unknown>) => void): Event {
  const event = fixture<Event>(`config/${name}`);
  const invoking = JSON.parse(event.invokingEvent);
  edit(invoking.configurationItem);
  return { ...event, invokingEvent: JSON.stringify(invoking) };
}

function reported() {
  return config.commandCalls(PutEvaluationsCommand).flatMap((c) => c.args[0].input.Evaluations ?? []);
}

function apiInstance(groups: string[]) {
  return {
    ReplicationInstanceArn: ARN,
    ReplicationInstanceIdentifier: "lift-ri",
    PubliclyAccessible: true,
    KmsKeyId: KEY,
    VpcSecurityGroups: groups.map((VpcSecurityGroupId) => ({ VpcSecurityGroupId, Status: "active" })),
  };
}

beforeEach(() => {
  for (const mock of [config, dms, ec2, kms]) mock.reset();
  config.on(PutEvaluationsCommand).resolves({ FailedEvaluations: [] });
  ec2.on(DescribeSecurityGroupsCommand).resolves(fixture("ec2/DescribeSecurityGroups/default.json"));
  kms.on(DescribeKeyCommand).resolves({
    KeyMetadata: { KeyId: KEY, Arn: KEY, KeyManager: "CUSTOMER", KeyState: "Enabled", Enabled: true },
  });
});
afterEach(() => {
  for (const mock of [config, dms, ec2, kms]) mock.reset();
});

describe("configuration items without a configuration", () => {
  it("reports NOT_APPLICABLE for a ResourceNotRecorded item, saying Config does not record the type, without reading AWS", async () => {
    const result = await run(
      notPublic,
      fixture("config/ConfigurationItemChangeNotification/replication-instance-not-recorded.json"),
    );

    expect(result.byCompliance).toEqual({ COMPLIANT: 0, NON_COMPLIANT: 0, NOT_APPLICABLE: 1 });
    expect(reported()).toEqual([
      {
        ComplianceResourceType: "AWS::DMS::ReplicationInstance",
        ComplianceResourceId: "lift-ri",
        ComplianceType: "NOT_APPLICABLE",
        Annotation:
          "AWS Config does not record this resource type's configuration (configurationItemStatus ResourceNotRecorded), so it cannot be evaluated on change; record the type in the configuration recorder",
        OrderingTimestamp: new Date("2026-11-20T08:30:12.345Z"),
      },
    ]);
    expect([...dms.calls(), ...ec2.calls(), ...kms.calls()]).toHaveLength(0);
  });

  it("reports NOT_APPLICABLE for a ResourceDeletedNotRecorded item, saying it was deleted", async () => {
    const event = withItem(
      "ConfigurationItemChangeNotification/replication-instance-not-recorded.json",
      (item) => {
        item.configurationItemStatus = "ResourceDeletedNotRecorded";
      },
    );

    await run(notPublic, event);

    expect(reported()[0]).toMatchObject({
      ComplianceType: "NOT_APPLICABLE",
      Annotation:
        "resource was deleted (AWS Config does not record this resource type: configurationItemStatus ResourceDeletedNotRecorded)",
    });
  });

  it("reports NOT_APPLICABLE for an oversized ResourceNotRecorded notification without fetching the item", async () => {
    const event = fixture<Event>(
      "config/ConfigurationItemChangeNotification/replication-instance-not-recorded.json",
    );
    event.invokingEvent = JSON.stringify({
      configurationItemSummary: {
        changeType: "UPDATE",
        configurationItemVersion: "1.3",
        configurationItemCaptureTime: "2026-11-20T08:30:12.345Z",
        configurationStateId: 1763627412345,
        awsAccountId: "123456789012",
        configurationItemStatus: "ResourceNotRecorded",
        resourceType: "AWS::DMS::ReplicationInstance",
        resourceId: "lift-ri",
        resourceName: "lift-ri",
        ARN,
        awsRegion: "us-east-1",
      },
      messageType: "OversizedConfigurationItemChangeNotification",
      notificationCreationTime: "2026-11-20T08:31:00.000Z",
      recordVersion: "1.3",
    });

    await run(notPublic, event);

    expect(reported()[0]).toMatchObject({
      ComplianceType: "NOT_APPLICABLE",
      Annotation: expect.stringContaining("configurationItemStatus ResourceNotRecorded"),
    });
    expect(config.commandCalls(GetResourceConfigHistoryCommand)).toHaveLength(0);
  });

  it("accepts a missing configuration exactly for the model's statuses that carry none", () => {
    const statuses = shapeOf("config", "ConfigurationItemStatus").enum ?? [];
    expect(statuses).toEqual([
      "OK",
      "ResourceDiscovered",
      "ResourceNotRecorded",
      "ResourceDeleted",
      "ResourceDeletedNotRecorded",
    ]);
    const accepted = statuses.filter((status) => {
      try {
        parseConfigurationItem(
          {
            configurationItemStatus: status,
            configurationItemCaptureTime: "2026-11-20T08:30:12.345Z",
            resourceType: "AWS::DMS::ReplicationInstance",
            resourceId: "lift-ri",
            configuration: null,
          },
          "item",
        );
        return true;
      } catch {
        return false;
      }
    });
    expect(accepted).toEqual(["ResourceNotRecorded", "ResourceDeleted", "ResourceDeletedNotRecorded"]);
  });
});

describe("configuration items that carry less than the API returns", () => {
  it("reads the security groups of a recorded replication instance with DescribeReplicationInstances filtered to its ARN", async () => {
    dms
      .on(DescribeReplicationInstancesCommand)
      .resolves({ ReplicationInstances: [apiInstance(["sg-0ccc3333dddd4444e"])] });

    await run(notPublic, fixture("config/ConfigurationItemChangeNotification/replication-instance.json"));

    expect(dms.commandCalls(DescribeReplicationInstancesCommand).map((c) => c.args[0].input)).toEqual([
      { Filters: [{ Name: "replication-instance-arn", Values: [ARN] }] },
    ]);
    expect(reported()[0]).toMatchObject({
      ComplianceResourceId: "lift-ri",
      ComplianceType: "NON_COMPLIANT",
      Annotation: expect.stringMatching(
        /^publicly accessible and reachable from the internet: security group sg-0ccc3333dddd4444e \(/,
      ),
    });
  });

  it("says the security groups were not checked when DMS no longer returns the instance", async () => {
    dms
      .on(DescribeReplicationInstancesCommand)
      .rejects(Object.assign(new Error("No replication instances found"), { name: "ResourceNotFoundFault" }));

    await run(notPublic, fixture("config/ConfigurationItemChangeNotification/replication-instance.json"));

    expect(reported()[0]).toMatchObject({
      ComplianceType: "NON_COMPLIANT",
      Annotation:
        "not checked: security groups (not in the configuration item; DescribeReplicationInstances no longer returns the instance). publicly accessible; recreate it with PubliclyAccessible false in private subnets",
    });
    expect(ec2.calls()).toHaveLength(0);
  });

  it("uses the security groups an item carries without reading the instance", async () => {
    const event = withItem("ConfigurationItemChangeNotification/replication-instance.json", (item) => {
      (item.configuration as Record<string, unknown>).VpcSecurityGroupIds = ["sg-0aaa1111bbbb2222c"];
    });

    await run(notPublic, event);

    expect(dms.calls()).toHaveLength(0);
    expect(reported()[0]?.Annotation).toBe(
      "publicly accessible; recreate it with PubliclyAccessible false in private subnets",
    );
  });

  it("does not read the instance for a rule that does not look at security groups", async () => {
    const event = withItem("ConfigurationItemChangeNotification/replication-instance.json", () => {});
    event.configRuleName = instanceKms.name;

    await run(instanceKms, event);

    expect(dms.calls()).toHaveLength(0);
    expect(ec2.calls()).toHaveLength(0);
    expect(reported()[0]).toMatchObject({
      ComplianceType: "COMPLIANT",
      Annotation: expect.stringContaining("storage encrypted with key"),
    });
  });

  it("reads a recorded certificate's PEM and dates with DescribeCertificates filtered to its ARN", async () => {
    const certArn = "arn:aws:dms:us-east-1:123456789012:cert:RECORDEDCERT";
    dms.on(DescribeCertificatesCommand).resolves({
      Certificates: [
        {
          CertificateArn: certArn,
          CertificateIdentifier: "ca",
          CertificatePem: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
          ValidToDate: new Date("2027-01-01T00:00:00Z"),
          KeyLength: 2048,
        },
      ],
    });
    const kind = kindAccess("dmsCertificate");
    const item = {
      ...parseConfigurationItem(
        {
          configurationItemStatus: "OK",
          configurationItemCaptureTime: "2026-11-20T08:30:12.345Z",
          resourceType: "AWS::DMS::Certificate",
          resourceId: "ca",
          ARN: certArn,
          configuration: { CertificateIdentifier: "ca", Id: "ca" },
        },
        "item",
      ),
      configuration: { CertificateIdentifier: "ca", Id: "ca" },
    };
    const mapped = kind.fromConfigurationItem?.(item);
    expect(mapped?.pem).toBeUndefined();

    const completed = await kind.completeFromApi?.(
      mapped as never,
      item,
      new LiveSource(new AwsClients({ region: "us-east-1" })),
      [],
    );

    expect(dms.commandCalls(DescribeCertificatesCommand).map((c) => c.args[0].input)).toEqual([
      { Filters: [{ Name: "certificate-arn", Values: [certArn] }] },
    ]);
    expect(completed).toMatchObject({
      resource: { arn: certArn, validTo: new Date("2027-01-01T00:00:00Z"), keyLength: 2048 },
      unchecked: [],
    });
    expect(completed?.resource.pem).toContain("BEGIN CERTIFICATE");
  });
});
