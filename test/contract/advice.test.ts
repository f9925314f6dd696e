import { describe, expect, it } from "vitest";
import { rule as encryptionAtRest } from "../../packages/core/src/rules/dms-endpoint-encryption-at-rest/index.js";
import { rule as instanceKms } from "../../packages/core/src/rules/dms-replication-instance-kms/index.js";
import { rule as notPublic } from "../../packages/core/src/rules/dms-replication-instance-not-public/index.js";
import { RULES } from "../../packages/core/src/rules/index.js";
import { parseParameters } from "../../packages/core/src/rules/params.js";
import { awsModel, shapeOf } from "../support/aws-model.js";
import { endpoint, kmsKeys } from "../support/dms-fixtures.js";
import { operationShape } from "../support/shape-validator.js";

/**
 * Advice must be an action the API allows. Each rule's remediation and annotations name fields of
 * a Modify/Update operation; the table below lists them and the test checks each against that
 * operation's input shape in the AWS API model. Fields that no Modify operation has (a
 * replication instance's PubliclyAccessible and KmsKeyId, an endpoint's KmsKeyId) must be advised
 * as "create a new one", and the tests below check that the advice says so.
 */

type Advice = { service: string; operation: string; fields: string[] };

/** rule → the operations its advice implies → the input fields (dotted for nested settings) it names. */
const ADVICE: Record<string, Advice[]> = {
  "dms-endpoint-tls": [
    {
      service: "dms",
      operation: "ModifyEndpoint",
      fields: [
        "SslMode",
        "CertificateArn",
        "RedisSettings.SslSecurityProtocol",
        "KafkaSettings.SecurityProtocol",
        "ElasticsearchSettings.EndpointUri",
      ],
    },
    { service: "dms", operation: "ImportCertificate", fields: ["CertificatePem"] },
  ],
  "dms-endpoint-authentication": [
    {
      service: "dms",
      operation: "ModifyEndpoint",
      fields: [
        "MongoDbSettings.AuthType",
        "NeptuneSettings.IamAuthEnabled",
        "KafkaSettings.SecurityProtocol",
        "RedisSettings.AuthType",
      ],
    },
  ],
  "dms-endpoint-encryption-at-rest": [
    {
      service: "dms",
      operation: "CreateEndpoint",
      fields: [
        "KmsKeyId",
        "S3Settings.EncryptionMode",
        "S3Settings.ServerSideEncryptionKmsKeyId",
        "RedshiftSettings.EncryptionMode",
        "RedshiftSettings.ServerSideEncryptionKmsKeyId",
      ],
    },
    {
      service: "dms",
      operation: "CreateReplicationTask",
      fields: ["SourceEndpointArn", "TargetEndpointArn"],
    },
    { service: "dms", operation: "ModifyEndpoint", fields: ["S3Settings.ServerSideEncryptionKmsKeyId"] },
  ],
  "dms-replication-instance-kms": [
    { service: "dms", operation: "CreateReplicationInstance", fields: ["KmsKeyId"] },
    {
      service: "dms",
      operation: "MoveReplicationTask",
      fields: ["ReplicationTaskArn", "TargetReplicationInstanceArn"],
    },
  ],
  "dms-replication-task-logging": [
    { service: "dms", operation: "StopReplicationTask", fields: ["ReplicationTaskArn"] },
    { service: "dms", operation: "ModifyReplicationTask", fields: ["ReplicationTaskSettings"] },
  ],
  "dms-replication-instance-not-public": [
    {
      service: "dms",
      operation: "CreateReplicationInstance",
      fields: ["PubliclyAccessible", "ReplicationSubnetGroupIdentifier"],
    },
    {
      service: "dms",
      operation: "ModifyReplicationInstance",
      fields: ["MultiAZ", "AutoMinorVersionUpgrade", "VpcSecurityGroupIds"],
    },
    { service: "dms", operation: "MoveReplicationTask", fields: ["TargetReplicationInstanceArn"] },
  ],
  "dms-certificate-validity": [
    { service: "dms", operation: "ImportCertificate", fields: ["CertificatePem"] },
    {
      service: "dms",
      operation: "ModifyEndpoint",
      fields: ["CertificateArn", "RedisSettings.SslCaCertificateArn", "KafkaSettings.SslCaCertificateArn"],
    },
    { service: "dms", operation: "DeleteCertificate", fields: ["CertificateArn"] },
  ],
  "mgn-replication-settings": [
    {
      service: "mgn",
      operation: "UpdateReplicationConfigurationTemplate",
      fields: [
        "ebsEncryption",
        "ebsEncryptionKeyArn",
        "createPublicIP",
        "dataPlaneRouting",
        "associateDefaultSecurityGroup",
        "replicationServersSecurityGroupsIDs",
      ],
    },
    {
      service: "mgn",
      operation: "UpdateReplicationConfiguration",
      fields: [
        "ebsEncryption",
        "ebsEncryptionKeyArn",
        "createPublicIP",
        "dataPlaneRouting",
        "associateDefaultSecurityGroup",
        "replicationServersSecurityGroupsIDs",
      ],
    },
  ],
  "mgn-agent-key-expiry": [
    { service: "iam", operation: "PutUserPermissionsBoundary", fields: ["UserName", "PermissionsBoundary"] },
  ],
  "mgn-agent-key-rotation": [
    { service: "iam", operation: "DeleteAccessKey", fields: ["UserName", "AccessKeyId"] },
  ],
  "mgn-agent-key-cleanup": [
    { service: "iam", operation: "DeleteAccessKey", fields: ["UserName", "AccessKeyId"] },
  ],
  "migration-no-sensitive-data": [
    { service: "dms", operation: "RemoveTagsFromResource", fields: ["ResourceArn", "TagKeys"] },
  ],
};

/** The member of a dotted path (`S3Settings.EncryptionMode`) in an input shape, or undefined. */
function memberAt(service: string, shapeName: string, path: string) {
  let shape = shapeOf(service, shapeName);
  let ref: { shape: string; documentation?: string } | undefined;
  for (const part of path.split(".")) {
    ref = shape.members?.[part];
    if (!ref) return undefined;
    shape = shapeOf(service, ref.shape);
  }
  return ref;
}

function doc(service: string, operation: string, path: string): string {
  return memberAt(service, operationShape(service, operation, "input"), path)?.documentation ?? "";
}

describe("advice names fields the API accepts", () => {
  it("lists every registered rule", () => {
    expect(Object.keys(ADVICE).sort()).toEqual(RULES.map((r) => r.name).sort());
  });

  const rows = Object.entries(ADVICE).flatMap(([rule, advice]) =>
    advice.flatMap((a) => a.fields.map((f) => [rule, `${a.service}:${a.operation}`, f] as const)),
  );
  it.each(rows)("%s: %s has input field %s", (_rule, op, field) => {
    const [service, operation] = op.split(":") as [string, string];
    expect(awsModel(service).operationNames).toContain(operation);
    expect(memberAt(service, operationShape(service, operation, "input"), field)).toBeDefined();
  });
});

describe("advice for what no Modify operation changes", () => {
  const now = new Date("2026-11-20T09:00:00Z");

  it('S3Settings.EncryptionMode: "But you can\'t change the existing value from SSE_S3 to SSE_KMS" — SSE_S3 advice asks for a new endpoint', () => {
    expect(doc("dms", "ModifyEndpoint", "S3Settings.EncryptionMode")).toContain(
      "But you can’t change the existing value from SSE_S3 to SSE_KMS",
    );
    const s3 = endpoint("lake-s3-target", (raw) => {
      (raw.S3Settings as Record<string, unknown>).EncryptionMode = "sse-s3";
    });
    const params = parseParameters(encryptionAtRest.name, encryptionAtRest.parameters, {});
    const facts = {
      kmsKeys: kmsKeys("customer", "aws-dms", "disabled"),
    };

    const finding = encryptionAtRest.evaluate(s3, params, { now, facts });

    expect(finding.annotation).toContain(
      "ModifyEndpoint cannot change it to SSE_KMS: create a new target endpoint",
    );
    expect(finding.annotation).not.toMatch(/; set SSE_KMS/);
    expect(encryptionAtRest.remediation).toContain("cannot be changed from SSE_S3 to SSE_KMS");
  });

  it("RedshiftSettings.EncryptionMode: the same sentence — Redshift SSE_S3 advice asks for a new endpoint", () => {
    expect(doc("dms", "ModifyEndpoint", "RedshiftSettings.EncryptionMode")).toContain(
      "But you can’t change the existing value from SSE_S3 to SSE_KMS",
    );
  });

  it("ModifyEndpoint has no KmsKeyId and ModifyReplicationTask no endpoint ARNs — advice recreates the endpoint and its tasks", () => {
    expect(doc("dms", "ModifyEndpoint", "KmsKeyId")).toBe("");
    expect(doc("dms", "ModifyReplicationTask", "TargetEndpointArn")).toBe("");
    expect(encryptionAtRest.remediation).toMatch(/create a new endpoint.*recreate the replication tasks/);
  });

  it("ModifyReplicationInstance has no KmsKeyId — the storage key advice creates a new instance and moves the tasks (MoveReplicationTask)", () => {
    expect(memberAt("dms", "ModifyReplicationInstanceMessage", "KmsKeyId")).toBeUndefined();
    expect(instanceKms.remediation).toMatch(/create a new replication instance with it/);
  });

  it("ModifyReplicationInstance has no PubliclyAccessible — the public-instance advice creates a private instance", () => {
    expect(memberAt("dms", "ModifyReplicationInstanceMessage", "PubliclyAccessible")).toBeUndefined();
    expect(notPublic.remediation).toMatch(
      /^PubliclyAccessible cannot be changed: create a private replication instance/,
    );
  });
});
