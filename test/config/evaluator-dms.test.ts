import { describe, expect, it } from "vitest";
import { SnapshotSource } from "../../packages/core/src/aws/source.js";
import { type ConfigReader, evaluateConfigEvent } from "../../packages/core/src/config/evaluator.js";
import { parseConfigEvent } from "../../packages/core/src/config/events.js";
import { InvalidEventError } from "../../packages/core/src/errors.js";
import { rule as endpointTls } from "../../packages/core/src/rules/dms-endpoint-tls/index.js";
import { rule as instanceKms } from "../../packages/core/src/rules/dms-replication-instance-kms/index.js";
import { rule as notPublic } from "../../packages/core/src/rules/dms-replication-instance-not-public/index.js";
import { rule as noSensitiveData } from "../../packages/core/src/rules/migration-no-sensitive-data/index.js";
import { parseParameters } from "../../packages/core/src/rules/params.js";
import type { AnyRule } from "../../packages/core/src/rules/types.js";
import { fixture } from "../support/dms-fixtures.js";

const now = new Date("2026-11-20T09:00:00Z");
const config: ConfigReader = {
  getLatestConfigurationItem: async () => {
    throw new Error("not used");
  },
  listReportedResources: async () => [],
};

function changeEvent(item: Record<string, unknown>) {
  return parseConfigEvent({
    invokingEvent: JSON.stringify({
      configurationItem: item,
      notificationCreationTime: "2026-11-20T08:30:15.000Z",
      messageType: "ConfigurationItemChangeNotification",
      recordVersion: "1.3",
    }),
    ruleParameters: "{}",
    resultToken: "token",
    eventLeftScope: false,
    executionRoleArn: "arn:aws:iam::111122223333:role/config-role",
    configRuleArn: "arn:aws:config:eu-west-1:111122223333:config-rule/config-rule-abc123",
    configRuleName: "rule",
    configRuleId: "config-rule-abc123",
    accountId: "111122223333",
    version: "1.0",
  });
}

const source = new SnapshotSource({
  accountId: "111122223333",
  region: "eu-west-1",
  capturedAt: now.toISOString(),
  services: {
    ec2: { DescribeSecurityGroups: fixture("ec2/DescribeSecurityGroups/default.json") },
    kms: { DescribeKey: {} },
    dms: { DescribeCertificates: { Certificates: [] } },
  },
});

async function evaluate(rule: AnyRule, item: Record<string, unknown>) {
  const params = parseParameters(rule.name, rule.parameters, {});
  return evaluateConfigEvent(rule, changeEvent(item), params, { source, config, now });
}

describe("evaluator with DMS replication instances and multi-type rules", () => {
  it("evaluates an AWS::DMS::ReplicationInstance change notification from CloudFormation-style properties", async () => {
    const [evaluation] = await evaluate(
      notPublic,
      fixture("config/ConfigurationItem/replication-instance.json"),
    );

    expect(evaluation).toMatchObject({
      resourceType: "AWS::DMS::ReplicationInstance",
      resourceId: "cfn-ri",
      compliance: "NON_COMPLIANT",
    });
    expect(evaluation?.annotation).toContain(
      "publicly accessible (DMS default) and reachable from the internet",
    );
  });

  it("treats a configuration item without KmsKeyId as the AWS managed aws/dms key, without calling KMS", async () => {
    const [evaluation] = await evaluate(
      instanceKms,
      fixture("config/ConfigurationItem/replication-instance.json"),
    );

    expect(evaluation?.compliance).toBe("NON_COMPLIANT");
    expect(evaluation?.annotation).toMatch(/^storage uses the default aws\/dms key/);
  });

  it("keeps a single-type rule's evaluations on its resource type", async () => {
    const endpointItem = fixture("config/ConfigurationItem/replication-instance.json");
    endpointItem.resourceType = "AWS::DMS::Endpoint";
    endpointItem.configuration = {
      EndpointIdentifier: "pg",
      EndpointType: "SOURCE",
      EngineName: "postgres",
      SslMode: "none",
    };

    const [evaluation] = await evaluate(endpointTls, endpointItem);

    expect(evaluation).toMatchObject({ resourceType: "AWS::DMS::Endpoint", compliance: "NON_COMPLIANT" });
  });

  it("reports a resource type outside a multi-type rule's scope as NOT_APPLICABLE, listing the scope", async () => {
    const bucket = fixture("config/ConfigurationItem/replication-instance.json");
    bucket.resourceType = "AWS::S3::Bucket";

    const [evaluation] = await evaluate(noSensitiveData, bucket);

    expect(evaluation?.compliance).toBe("NOT_APPLICABLE");
    expect(evaluation?.annotation).toBe(
      "outside this rule's scope (AWS::DMS::Endpoint, AWS::DMS::ReplicationInstance, AWS::DMS::ReplicationTask, AWS::DMS::Certificate)",
    );
  });

  it("rejects a change notification for a periodic-only multi-type rule with a clear error", async () => {
    await expect(
      evaluate(noSensitiveData, fixture("config/ConfigurationItem/replication-instance.json")),
    ).rejects.toThrow(
      new InvalidEventError(
        "migration-no-sensitive-data evaluates AWS::DMS::ReplicationInstance periodically only; configuration change notifications are not supported",
      ),
    );
  });
});
