import { describe, expect, it } from "vitest";
import { rule as authentication } from "../../packages/core/src/rules/dms-endpoint-authentication/index.js";
import { rule as encryptionAtRest } from "../../packages/core/src/rules/dms-endpoint-encryption-at-rest/index.js";
import { rule as tls } from "../../packages/core/src/rules/dms-endpoint-tls/index.js";
import { rule as instanceKms } from "../../packages/core/src/rules/dms-replication-instance-kms/index.js";
import { rule as notPublic } from "../../packages/core/src/rules/dms-replication-instance-not-public/index.js";
import { parseParameters } from "../../packages/core/src/rules/params.js";
import { shapeOf } from "../support/aws-model.js";
import { endpoint, kmsKeys, replicationInstance } from "../support/dms-fixtures.js";

/**
 * Where the DMS API model documents a default for an absent value, the rule follows it. Each test
 * first reads the sentence from the model (so a model change that drops or changes the default
 * fails here) and then asserts the rule's verdict for the absent value.
 */

const now = new Date("2026-11-20T09:00:00Z");
const noFacts = { dmsCertificates: new Map(), kmsKeys: new Map(), securityGroups: new Map() };
const keys = kmsKeys("customer", "aws-dms", "disabled");

function memberDoc(shape: string, member: string): string {
  return shapeOf("dms", shape).members?.[member]?.documentation ?? "";
}

function without(identifier: string, path: string[]) {
  return endpoint(identifier, (raw) => {
    let target = raw as Record<string, unknown>;
    for (const p of path.slice(0, -1)) target = (target[p] ?? {}) as Record<string, unknown>;
    delete target[path[path.length - 1] as string];
  });
}

describe("documented defaults of the DMS API model", () => {
  it('SslMode absent: "The Secure Sockets Layer (SSL) mode to use for the SSL connection. The default is none" — postgres is NON_COMPLIANT as unencrypted', () => {
    expect(memberDoc("CreateEndpointMessage", "SslMode")).toContain("The default is none");
    const params = parseParameters(tls.name, tls.parameters, {});

    const finding = tls.evaluate(without("sales-pg-source", ["SslMode"]), params, { now, facts: noFacts });

    expect(finding).toMatchObject({ compliance: "NON_COMPLIANT" });
    expect(finding.annotation).toContain("uses SslMode none (unencrypted)");
  });

  it('S3 EncryptionMode absent: "You can choose either SSE_S3 (the default) or SSE_KMS" — an S3 target is evaluated as SSE_S3', () => {
    expect(memberDoc("S3Settings", "EncryptionMode")).toContain(
      "You can choose either SSE_S3 (the default) or SSE_KMS",
    );
    const s3 = without("lake-s3-target", ["S3Settings", "EncryptionMode"]);
    const strict = parseParameters(encryptionAtRest.name, encryptionAtRest.parameters, {});
    const allowSseS3 = parseParameters(encryptionAtRest.name, encryptionAtRest.parameters, {
      allowSseS3: "true",
    });

    expect(encryptionAtRest.evaluate(s3, strict, { now, facts: { kmsKeys: keys } }).annotation).toContain(
      "S3Settings.EncryptionMode SSE_S3",
    );
    expect(encryptionAtRest.evaluate(s3, allowSseS3, { now, facts: { kmsKeys: keys } }).compliance).toBe(
      "COMPLIANT",
    );
  });

  it('Redshift EncryptionMode absent: "You can choose either SSE_S3 (the default) or SSE_KMS" — a Redshift target is evaluated as SSE_S3', () => {
    expect(memberDoc("RedshiftSettings", "EncryptionMode")).toContain("SSE_S3 (the default)");
    const redshift = without("dw-redshift-target", ["RedshiftSettings", "EncryptionMode"]);
    const strict = parseParameters(encryptionAtRest.name, encryptionAtRest.parameters, {});

    expect(
      encryptionAtRest.evaluate(redshift, strict, { now, facts: { kmsKeys: keys } }).annotation,
    ).toContain("RedshiftSettings.EncryptionMode SSE_S3");
  });

  it('endpoint KmsKeyId absent: "If you don\'t specify a value for the KmsKeyId parameter, then DMS uses your default encryption key" — NON_COMPLIANT naming aws/dms', () => {
    expect(memberDoc("CreateEndpointMessage", "KmsKeyId")).toContain(
      "If you don't specify a value for the KmsKeyId parameter, then DMS uses your default encryption key",
    );
    const params = parseParameters(encryptionAtRest.name, encryptionAtRest.parameters, {});

    const finding = encryptionAtRest.evaluate(without("sales-pg-source", ["KmsKeyId"]), params, {
      now,
      facts: { kmsKeys: keys },
    });

    expect(finding.compliance).toBe("NON_COMPLIANT");
    expect(finding.annotation).toContain("default aws/dms key (AWS managed)");
  });

  it('replication instance KmsKeyId absent: "then DMS uses your default encryption key" — NON_COMPLIANT naming aws/dms', () => {
    expect(memberDoc("CreateReplicationInstanceMessage", "KmsKeyId")).toContain(
      "If you don't specify a value for the KmsKeyId parameter, then DMS uses your default encryption key",
    );
    const params = parseParameters(instanceKms.name, instanceKms.parameters, {});
    const instance = replicationInstance("sales-ri", (raw) => {
      delete raw.KmsKeyId;
    });

    const finding = instanceKms.evaluate(instance, params, { now, facts: { kmsKeys: keys } });

    expect(finding.compliance).toBe("NON_COMPLIANT");
    expect(finding.annotation).toContain("default aws/dms key");
  });

  it('PubliclyAccessible absent: "The default value is true" (CreateReplicationInstance) — NON_COMPLIANT as public', () => {
    expect(memberDoc("CreateReplicationInstanceMessage", "PubliclyAccessible")).toContain(
      "The default value is true",
    );
    const params = parseParameters(notPublic.name, notPublic.parameters, {});
    const instance = replicationInstance("sales-ri", (raw) => {
      delete raw.PubliclyAccessible;
    });

    const finding = notPublic.evaluate(instance, params, { now, facts: noFacts });

    expect(finding.compliance).toBe("NON_COMPLIANT");
    expect(finding.annotation).toContain("publicly accessible (DMS default)");
  });

  it('Redis SslSecurityProtocol absent: "The default is ssl-encryption" — COMPLIANT', () => {
    expect(memberDoc("RedisSettings", "SslSecurityProtocol")).toContain("The default is ssl-encryption");
    const params = parseParameters(tls.name, tls.parameters, {});

    const finding = tls.evaluate(
      without("cache-redis-target", ["RedisSettings", "SslSecurityProtocol"]),
      params,
      {
        now,
        facts: noFacts,
      },
    );

    expect(finding.compliance).toBe("COMPLIANT");
  });

  it('Neptune IamAuthEnabled absent: "The default is false" — NON_COMPLIANT', () => {
    expect(memberDoc("NeptuneSettings", "IamAuthEnabled")).toContain("The default is false");

    const finding = authentication.evaluate(
      without("graph-neptune-target", ["NeptuneSettings", "IamAuthEnabled"]),
      {},
      { now, facts: {} },
    );

    expect(finding.compliance).toBe("NON_COMPLIANT");
  });

  it('OpenSearch EndpointUri without protocol: "DMS uses HTTPS if a transport protocol (http/https) is not specified" — COMPLIANT', () => {
    expect(memberDoc("ElasticsearchSettings", "EndpointUri")).toContain(
      "DMS uses HTTPS if a transport protocol (http/https) is not specified",
    );
    const params = parseParameters(tls.name, tls.parameters, {});
    const search = endpoint("lake-s3-target", (raw) => {
      raw.EngineName = "opensearch";
      raw.ElasticsearchSettings = { EndpointUri: "search-logs.eu-west-1.es.amazonaws.com" };
    });
    const http = endpoint("lake-s3-target", (raw) => {
      raw.EngineName = "opensearch";
      raw.ElasticsearchSettings = { EndpointUri: "http://search-logs.eu-west-1.es.amazonaws.com" };
    });

    expect(tls.evaluate(search, params, { now, facts: noFacts })).toEqual({
      compliance: "COMPLIANT",
      annotation: "opensearch endpoint's EndpointUri names no protocol, so DMS uses HTTPS",
    });
    expect(tls.evaluate(http, params, { now, facts: noFacts }).compliance).toBe("NON_COMPLIANT");
  });
});
