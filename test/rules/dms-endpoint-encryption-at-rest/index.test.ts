import { describe, expect, it } from "vitest";
import { rule } from "../../../packages/core/src/rules/dms-endpoint-encryption-at-rest/index.js";
import { parseParameters } from "../../../packages/core/src/rules/params.js";
import { AWS_DMS_KEY, CUSTOMER_KEY, DISABLED_KEY, endpoint, kmsKeys } from "../../support/dms-fixtures.js";
import { instanceProfile } from "../../support/dms-serverless-fixtures.js";

const now = new Date("2026-11-20T09:00:00Z");
const defaults = parseParameters(rule.name, rule.parameters, {});
const facts = { kmsKeys: kmsKeys("customer", "aws-dms", "disabled") };

describe("dms-endpoint-encryption-at-rest", () => {
  it("returns COMPLIANT for an S3 target with SSE_KMS and a customer managed key, and a customer managed connection key", () => {
    const finding = rule.evaluate(endpoint("lake-s3-target"), defaults, { now, facts });

    expect(finding.compliance).toBe("COMPLIANT");
    expect(finding.annotation).toContain("target data SSE_KMS");
  });

  it("returns NON_COMPLIANT asking for SSE_KMS when an S3 target has no EncryptionMode (SSE_S3 by default)", () => {
    const s3 = endpoint("lake-s3-target", (raw) => {
      const settings = raw.S3Settings as Record<string, unknown>;
      delete settings.EncryptionMode;
      delete settings.ServerSideEncryptionKmsKeyId;
    });

    const finding = rule.evaluate(s3, defaults, { now, facts });

    expect(finding.compliance).toBe("NON_COMPLIANT");
    // DMS API reference, S3Settings.EncryptionMode: "you can't change the existing value from SSE_S3 to SSE_KMS".
    expect(finding.annotation).toContain(
      "S3Settings.EncryptionMode SSE_S3; ModifyEndpoint cannot change it to SSE_KMS",
    );
  });

  it("returns COMPLIANT for an S3 target with SSE_S3 when allowSseS3 is true", () => {
    const s3 = endpoint("lake-s3-target", (raw) => {
      (raw.S3Settings as Record<string, unknown>).EncryptionMode = "sse-s3";
    });
    const params = parseParameters(rule.name, rule.parameters, { allowSseS3: "true" });

    expect(rule.evaluate(s3, params, { now, facts }).compliance).toBe("COMPLIANT");
  });

  it("returns NON_COMPLIANT asking for the key when an S3 target uses SSE_KMS without ServerSideEncryptionKmsKeyId", () => {
    const s3 = endpoint("lake-s3-target", (raw) => {
      delete (raw.S3Settings as Record<string, unknown>).ServerSideEncryptionKmsKeyId;
    });

    const finding = rule.evaluate(s3, defaults, { now, facts });

    expect(finding.compliance).toBe("NON_COMPLIANT");
    expect(finding.annotation).toContain("SSE_KMS has no ServerSideEncryptionKmsKeyId");
  });

  it("returns NON_COMPLIANT naming RedshiftSettings for a Redshift target with SSE_S3", () => {
    const finding = rule.evaluate(endpoint("dw-redshift-target"), defaults, { now, facts });

    expect(finding.compliance).toBe("NON_COMPLIANT");
    expect(finding.annotation).toContain("RedshiftSettings.EncryptionMode SSE_S3");
  });

  it("returns NON_COMPLIANT saying the key is disabled when an S3 target's data key is disabled", () => {
    const s3 = endpoint("lake-s3-target", (raw) => {
      (raw.S3Settings as Record<string, unknown>).ServerSideEncryptionKmsKeyId = DISABLED_KEY;
    });

    const finding = rule.evaluate(s3, defaults, { now, facts });

    expect(finding.compliance).toBe("NON_COMPLIANT");
    expect(finding.annotation).toMatch(/target data key key\/0d0d0d0d-\S+ is disabled/);
  });

  it("returns NON_COMPLIANT asking for a customer managed key when KmsKeyId is the AWS managed aws/dms key", () => {
    const pg = endpoint("sales-pg-source", (raw) => {
      raw.KmsKeyId = AWS_DMS_KEY;
    });

    const finding = rule.evaluate(pg, defaults, { now, facts });

    expect(finding.compliance).toBe("NON_COMPLIANT");
    expect(finding.annotation).toContain("is AWS managed, not customer managed");
    expect(finding.annotation).toContain("recreate the endpoint");
  });

  it("returns NON_COMPLIANT without KmsKeyId: the default aws/dms key is AWS managed", () => {
    const pg = endpoint("sales-pg-source", (raw) => {
      delete raw.KmsKeyId;
    });

    const finding = rule.evaluate(pg, defaults, { now, facts });

    expect(finding.compliance).toBe("NON_COMPLIANT");
    expect(finding.annotation).toContain("default aws/dms key (AWS managed)");
  });

  it("returns NON_COMPLIANT when KmsKeyId does not exist in KMS", () => {
    const gone = "arn:aws:kms:eu-west-1:111122223333:key/99999999-9999-4999-8999-999999999999";
    const pg = endpoint("sales-pg-source", (raw) => {
      raw.KmsKeyId = gone;
    });
    const withMissing = { kmsKeys: new Map([...facts.kmsKeys, [gone, null]]) };

    const finding = rule.evaluate(pg, defaults, { now, facts: withMissing });

    expect(finding.compliance).toBe("NON_COMPLIANT");
    expect(finding.annotation).toContain("was not found in KMS");
  });

  it("returns COMPLIANT for a postgres endpoint with an enabled customer managed key (no target data at rest)", () => {
    const finding = rule.evaluate(endpoint("sales-pg-source"), defaults, { now, facts });

    expect(finding).toMatchObject({ compliance: "COMPLIANT" });
    expect(finding.annotation).not.toContain("target data");
  });

  it("returns NOT_APPLICABLE for a postgres endpoint when requireCustomerManagedKey is false", () => {
    const params = parseParameters(rule.name, rule.parameters, { requireCustomerManagedKey: "false" });

    expect(rule.evaluate(endpoint("sales-pg-source"), params, { now, facts }).compliance).toBe(
      "NOT_APPLICABLE",
    );
  });

  it("does not apply the target-data part to an S3 source endpoint", () => {
    const finding = rule.evaluate(endpoint("archive-s3-source"), defaults, { now, facts });

    expect(finding.compliance).toBe("COMPLIANT");
    expect(finding.annotation).toBe(
      "s3 source endpoint: connection information encrypted with an acceptable KMS key",
    );
    expect(rule.references?.(endpoint("archive-s3-source"))).toEqual({ kmsKeys: [CUSTOMER_KEY, undefined] });
  });

  it("says only the connection key was checked for an engine migration-guard does not know", () => {
    const unknown = endpoint("archive-s3-source", (raw) => {
      raw.EngineName = "quantumdb";
    });

    const finding = rule.evaluate(unknown, defaults, { now, facts });

    expect(finding.compliance).toBe("COMPLIANT");
    expect(finding.annotation).toContain(
      'engine "quantumdb" is not known to migration-guard: only its connection key was checked',
    );
  });

  it("returns COMPLIANT for a Schema Conversion instance profile whose KmsKeyArn is an enabled customer managed key", () => {
    const finding = rule.evaluate(instanceProfile("sc-private"), defaults, { now, facts });

    expect(finding.compliance).toBe("COMPLIANT");
    expect(rule.references?.(instanceProfile("sc-private"))).toEqual({ kmsKeys: [CUSTOMER_KEY] });
  });

  it("returns NON_COMPLIANT for an instance profile without KmsKeyArn (an AWS owned key), advising ModifyInstanceProfile", () => {
    const finding = rule.evaluate(instanceProfile("sc-defaults"), defaults, { now, facts });
    const awsManaged = rule.evaluate(
      instanceProfile("sc-private", (raw) => {
        raw.KmsKeyArn = AWS_DMS_KEY;
      }),
      defaults,
      { now, facts },
    );

    expect(finding).toEqual({
      compliance: "NON_COMPLIANT",
      annotation:
        "connection parameters use an AWS owned key (no KmsKeyArn), not a customer managed key; set KmsKeyArn to an enabled customer managed key with ModifyInstanceProfile",
    });
    expect(awsManaged.compliance).toBe("NON_COMPLIANT");
    expect(awsManaged.annotation).toContain("is AWS managed");
  });

  it("returns NOT_APPLICABLE for an instance profile when requireCustomerManagedKey is false", () => {
    const params = parseParameters(rule.name, rule.parameters, { requireCustomerManagedKey: "false" });

    const finding = rule.evaluate(instanceProfile("sc-defaults"), params, { now, facts });

    expect(finding.compliance).toBe("NOT_APPLICABLE");
  });
});
