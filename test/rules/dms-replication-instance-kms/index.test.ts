import { describe, expect, it } from "vitest";
import { keyFromApi } from "../../../packages/core/src/aws/facts.js";
import { rule } from "../../../packages/core/src/rules/dms-replication-instance-kms/index.js";
import { parseParameters } from "../../../packages/core/src/rules/params.js";
import { DISABLED_KEY, fixture, kmsKeys, replicationInstance } from "../../support/dms-fixtures.js";
import { replicationConfig } from "../../support/dms-serverless-fixtures.js";

const now = new Date("2026-11-20T09:00:00Z");
const defaults = parseParameters(rule.name, rule.parameters, {});
const facts = { kmsKeys: kmsKeys("customer", "aws-dms", "disabled") };

describe("dms-replication-instance-kms", () => {
  it("returns COMPLIANT when KmsKeyId is an enabled customer managed key", () => {
    const finding = rule.evaluate(replicationInstance("sales-ri"), defaults, { now, facts });

    expect(finding).toEqual({
      compliance: "COMPLIANT",
      annotation: "storage encrypted with key key/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
    });
  });

  it("returns NON_COMPLIANT saying the instance must be recreated when KmsKeyId is the AWS managed aws/dms key", () => {
    const finding = rule.evaluate(replicationInstance("lift-ri"), defaults, { now, facts });

    expect(finding.compliance).toBe("NON_COMPLIANT");
    expect(finding.annotation).toContain("is AWS managed, not customer managed");
    expect(finding.annotation).toContain(
      "cannot be changed after creation: create a new replication instance",
    );
    expect(finding.annotation.length).toBeLessThanOrEqual(256);
  });

  it("returns NON_COMPLIANT without KmsKeyId: the default aws/dms key is AWS managed", () => {
    const ri = replicationInstance("sales-ri", (raw) => {
      delete raw.KmsKeyId;
    });

    const finding = rule.evaluate(ri, defaults, { now, facts });

    expect(finding.compliance).toBe("NON_COMPLIANT");
    expect(finding.annotation).toMatch(/^storage uses the default aws\/dms key \(AWS managed\)/);
  });

  it("returns NON_COMPLIANT naming the key state when the customer managed key is disabled or pending deletion", () => {
    const disabled = replicationInstance("sales-ri", (raw) => {
      raw.KmsKeyId = DISABLED_KEY;
    });
    const pending = fixture<{ KeyMetadata: Record<string, unknown> }>("kms/DescribeKey/disabled.json");
    pending.KeyMetadata.KeyState = "PendingDeletion";
    pending.KeyMetadata.DeletionDate = "2026-12-01T00:00:00.000Z";
    const pendingFacts = { kmsKeys: new Map([[DISABLED_KEY, keyFromApi(pending, "pending")]]) };

    expect(rule.evaluate(disabled, defaults, { now, facts }).annotation).toContain("is disabled");
    const finding = rule.evaluate(disabled, defaults, { now, facts: pendingFacts });
    expect(finding.compliance).toBe("NON_COMPLIANT");
    expect(finding.annotation).toContain("is pending deletion");
  });

  it("returns NON_COMPLIANT when the key does not exist in KMS", () => {
    const finding = rule.evaluate(replicationInstance("sales-ri"), defaults, {
      now,
      facts: { kmsKeys: new Map() },
    });

    expect(finding.compliance).toBe("NON_COMPLIANT");
    expect(finding.annotation).toContain("was not found in KMS");
  });

  it("returns COMPLIANT for the AWS managed key when requireCustomerManagedKey is false", () => {
    const params = parseParameters(rule.name, rule.parameters, { requireCustomerManagedKey: "false" });

    const finding = rule.evaluate(replicationInstance("lift-ri"), params, { now, facts });

    expect(finding.compliance).toBe("COMPLIANT");
  });

  it("returns COMPLIANT when a DMS Serverless replication config's ComputeConfig.KmsKeyId is an enabled customer managed key", () => {
    const finding = rule.evaluate(replicationConfig("orders-serverless"), defaults, { now, facts });

    expect(finding).toEqual({
      compliance: "COMPLIANT",
      annotation: "storage encrypted with key key/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
    });
  });

  it("returns NON_COMPLIANT for a replication config without ComputeConfig.KmsKeyId, advising ModifyReplicationConfig before the first start", () => {
    const finding = rule.evaluate(replicationConfig("legacy-serverless"), defaults, { now, facts });

    expect(finding.compliance).toBe("NON_COMPLIANT");
    expect(finding.annotation).toMatch(/^storage uses the default aws\/dms key \(AWS managed\)/);
    expect(finding.annotation).toContain("ModifyReplicationConfig if no replication has started");
    expect(finding.annotation).not.toContain("create a new replication instance");
  });
});
