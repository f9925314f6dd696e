import { describe, expect, it } from "vitest";
import { dmsResourceModel } from "../../../packages/core/src/model/dms-resource.js";
import type { DmsResource, Tags } from "../../../packages/core/src/model/index.js";
import { rule } from "../../../packages/core/src/rules/migration-no-sensitive-data/index.js";
import { parseParameters } from "../../../packages/core/src/rules/params.js";
import { certificateFromPem, endpoint, replicationInstance } from "../../support/dms-fixtures.js";
import { replicationConfig } from "../../support/dms-serverless-fixtures.js";

const now = new Date("2026-11-20T09:00:00Z");
const defaults = parseParameters(rule.name, rule.parameters, {});

function evaluate(resource: DmsResource, tags: Tags = {}, params = defaults) {
  const arn = dmsResourceModel(resource).arn;
  return rule.evaluate(resource, params, { now, facts: { dmsTags: new Map([[arn, tags]]) } });
}

const pg = (): DmsResource => ({ resourceType: "AWS::DMS::Endpoint", endpoint: endpoint("sales-pg-source") });

describe("migration-no-sensitive-data", () => {
  it("returns NON_COMPLIANT naming only the tag key when a tag value holds an e-mail address", () => {
    const finding = evaluate(pg(), { Project: "sales", Owner: "jane.doe@example.com" });

    expect(finding.compliance).toBe("NON_COMPLIANT");
    expect(finding.annotation).toMatch(/^tag Owner contains an e-mail address; remove it/);
    expect(finding.annotation).not.toContain("jane.doe");
  });

  it("returns NON_COMPLIANT without naming the key when a tag key holds an e-mail address", () => {
    const finding = evaluate(pg(), { "jane.doe@example.com": "owner" });

    expect(finding.compliance).toBe("NON_COMPLIANT");
    expect(finding.annotation).toMatch(/^a tag key contains an e-mail address/);
    expect(finding.annotation).not.toContain("jane.doe");
  });

  it("returns NON_COMPLIANT when a replication instance tag holds an AWS access key id", () => {
    const resource: DmsResource = {
      resourceType: "AWS::DMS::ReplicationInstance",
      replicationInstance: replicationInstance("sales-ri"),
    };

    const finding = evaluate(resource, { CreatedWith: "AKIAIOSFODNN7EXAMPLE" });

    expect(finding.annotation).toMatch(/^tag CreatedWith contains an AWS access key id/);
    expect(finding.annotation).not.toContain("AKIA");
  });

  it("returns NON_COMPLIANT naming ExtraConnectionAttributes when it contains password=", () => {
    const resource: DmsResource = {
      resourceType: "AWS::DMS::Endpoint",
      endpoint: endpoint("sales-pg-source", (raw) => {
        raw.ExtraConnectionAttributes = "heartbeatEnable=true;password=Hunter2-not-real;";
      }),
    };

    const finding = evaluate(resource);

    expect(finding.annotation).toMatch(/^ExtraConnectionAttributes contains a secret/);
    expect(finding.annotation).not.toContain("Hunter2");
  });

  it("returns NON_COMPLIANT naming KafkaSettings.Broker when the broker embeds user:password@", () => {
    const resource: DmsResource = {
      resourceType: "AWS::DMS::Endpoint",
      endpoint: endpoint("events-kafka-target", (raw) => {
        (raw.KafkaSettings as Record<string, unknown>).Broker =
          "dms:S3cr3t-not-real@b-1.events.example.net:9096";
      }),
    };

    const finding = evaluate(resource);

    expect(finding.compliance).toBe("NON_COMPLIANT");
    expect(finding.annotation).toMatch(/^KafkaSettings.Broker contains credentials/);
    expect(finding.annotation).not.toContain("S3cr3t");
  });

  it("returns NON_COMPLIANT when a MongoDB ServerName is a mongodb:// URL with credentials", () => {
    const resource: DmsResource = {
      resourceType: "AWS::DMS::Endpoint",
      endpoint: endpoint("catalog-mongodb-source", (raw) => {
        (raw.MongoDbSettings as Record<string, unknown>).ServerName =
          "mongodb://dms:not-real-pw@mongo-1.corp.example.com:27017/catalog";
      }),
    };

    expect(evaluate(resource).annotation).toMatch(/^MongoDbSettings.ServerName contains credentials/);
  });

  it("returns NON_COMPLIANT when a certificate tag holds a private key marker", () => {
    const resource: DmsResource = {
      resourceType: "AWS::DMS::Certificate",
      certificate: certificateFromPem("root-ca.pem"),
    };

    const finding = evaluate(resource, { Key: "-----BEGIN RSA PRIVATE KEY-----MIIE" });

    expect(finding.annotation).toMatch(/^tag Key contains a private key/);
  });

  it("returns NON_COMPLIANT naming ReplicationTaskIdentifier when it contains an access key id", () => {
    const resource: DmsResource = {
      resourceType: "AWS::DMS::ReplicationTask",
      replicationTask: {
        arn: "arn:aws:dms:eu-west-1:111122223333:task:ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        // DMS lower-cases identifiers.
        identifier: "copy-akiaiosfodnn7example",
        sourceEndpointArn: undefined,
        targetEndpointArn: undefined,
        replicationInstanceArn: undefined,
        migrationType: "full-load",
        settings: undefined,
        tags: undefined,
      },
    };

    expect(evaluate(resource).annotation).toMatch(/^ReplicationTaskIdentifier contains an AWS access key id/);
  });

  it("returns NON_COMPLIANT naming the field when a capture replaced its secret by a marker", () => {
    const resource: DmsResource = {
      resourceType: "AWS::DMS::Endpoint",
      endpoint: endpoint("catalog-mongodb-source", (raw) => {
        (raw.MongoDbSettings as Record<string, unknown>).ServerName =
          "mongodb://[redacted:credentials]@mongo-1.corp.example.com:27017/catalog";
      }),
    };

    const finding = evaluate(resource, {
      Key: "-----BEGIN PRIVATE KEY-----\n[redacted:private-key]\n",
      Note: "[redacted:secret]",
    });

    expect(finding.compliance).toBe("NON_COMPLIANT");
    expect(finding.annotation).toMatch(
      /^MongoDbSettings.ServerName contains credentials; tag Key contains a private key; tag Note contains a secret/,
    );
  });

  it("returns COMPLIANT when the e-mail address matches allowedPatterns", () => {
    const params = parseParameters(rule.name, rule.parameters, {
      allowedPatterns: "dms-alerts@example\\.com",
    });

    expect(evaluate(pg(), { Alerts: "dms-alerts@example.com" }, params).compliance).toBe("COMPLIANT");
    expect(evaluate(pg(), { Alerts: "jane@example.com" }, params).compliance).toBe("NON_COMPLIANT");
  });

  it("returns NON_COMPLIANT reporting what the first 4,096 characters hold and the length of a longer field", () => {
    const finding = evaluate(pg(), { Notes: `owner jane.doe@example.com ${"a.".repeat(30_000)}` });

    expect(finding.annotation).toMatch(
      /^tag Notes contains an e-mail address; tag Notes is longer than 4096 characters, checked only that far/,
    );
  });

  it("returns a parameter error for allowedPatterns with a nested quantifier such as (a+)+", () => {
    expect(() =>
      parseParameters(rule.name, rule.parameters, { allowedPatterns: "(a+)+@example\\.com" }),
    ).toThrow(
      /allowedPatterns = "\(a\+\)\+@example\\\\.com" is invalid \(a repeated group holding a quantifier/,
    );
  });

  it("returns COMPLIANT for ordinary tags and names", () => {
    const finding = evaluate(pg(), {
      Project: "sales-migration",
      Environment: "prod",
      CostCenter: "CC-1042",
    });

    expect(finding).toEqual({
      compliance: "COMPLIANT",
      annotation: "no sensitive data found in tags, names or URLs",
    });
  });

  it("returns NON_COMPLIANT naming ReplicationConfigIdentifier or the tag key when a DMS Serverless replication config holds an e-mail address", () => {
    const named = replicationConfig("orders-serverless", (raw) => {
      raw.ReplicationConfigIdentifier = "jane.doe@example.com";
    });
    const config: DmsResource = {
      resourceType: "AWS::DMS::ReplicationConfig",
      replicationConfig: named,
    };
    const tagged: DmsResource = {
      resourceType: "AWS::DMS::ReplicationConfig",
      replicationConfig: replicationConfig("orders-serverless"),
    };

    const byName = evaluate(config);
    const byTag = evaluate(tagged, { Owner: "jane.doe@example.com" });

    expect(byName.compliance).toBe("NON_COMPLIANT");
    expect(byName.annotation).toMatch(/^ReplicationConfigIdentifier contains an e-mail address/);
    expect(byTag.annotation).toMatch(/^tag Owner contains an e-mail address/);
    expect(rule.references?.(tagged)).toEqual({ dmsTags: [tagged.replicationConfig.arn] });
  });
});
