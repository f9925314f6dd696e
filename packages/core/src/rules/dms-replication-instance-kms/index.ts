import type { DmsReplicationConfig, DmsReplicationInstance } from "../../model/index.js";
import { keyProblem, shortKeyRef } from "../kms-keys.js";
import { param } from "../params.js";
import { defineRule } from "../types.js";

/**
 * dms-replication-instance-kms — replication storage encrypted with an enabled customer managed key.
 *
 * Source: docs/seeds/dms-replication-instance-encryption-key.txt (Setting an encryption key for a replication
 * instance): "If you don't specify a KMS key identifier, then AWS DMS uses your default encryption
 * key." and "When you have created your AWS DMS resources with a specific encryption key, you
 * can't change the encryption key for those resources."
 *
 * DMS Serverless replication configs (DescribeReplicationConfigs) join it: their storage key is
 * `ComputeConfig.KmsKeyId`, and "If you don't specify a value for the KmsKeyId parameter, DMS uses
 * your default encryption key" (DMS API model, ComputeConfig). ModifyReplicationConfig can set
 * ComputeConfig only "before any replication that uses it has started" (DMS API model).
 *
 * Scenarios: `scenarios` in the metadata below (one test each; `migration-guard explain` prints them).
 */

const RECREATE =
  "the storage key cannot be changed after creation: create a new replication instance with a customer managed key, move the tasks, delete this one";

/** What to do about a replication config's key (ModifyReplicationConfig works only before the first start). */
const RECONFIGURE =
  "set ComputeConfig.KmsKeyId to a customer managed key with ModifyReplicationConfig if no replication has started with this config; otherwise create a new replication config with it";

function isConfig(r: DmsReplicationInstance | DmsReplicationConfig): r is DmsReplicationConfig {
  return "resourceType" in r && r.resourceType === "AWS::DMS::ReplicationConfig";
}

const rule = defineRule({
  name: "dms-replication-instance-kms",
  description:
    "DMS replication instance and DMS Serverless replication config storage is encrypted with an enabled customer managed KMS key",
  resourceKind: "dmsReplicationStorage",
  triggers: { configurationChange: true, periodic: "TwentyFour_Hours" },
  parameters: {
    requireCustomerManagedKey: param.boolean(
      true,
      "require a customer managed KMS key (not the AWS managed aws/dms key); when false only a missing or unusable key fails",
    ),
  },
  facts: ["kmsKeys"],
  severity: "medium",
  remediation:
    "Create a customer managed KMS key, create a new replication instance with it (the key cannot be changed), move the replication tasks to it and delete the old instance; for a DMS Serverless replication config, set ComputeConfig.KmsKeyId (ModifyReplicationConfig, before its first replication starts) or create a new config",
  source: {
    document: "dms-replication-instance-encryption-key.txt",
    text: "When you have created your AWS DMS resources with a specific encryption key, you can't change the encryption key for those resources.",
  },
  scenarios: [
    "Given an instance whose KmsKeyId is an enabled customer managed key, Then COMPLIANT.",
    "Given an instance whose KmsKeyId is the AWS managed aws/dms key, Then NON_COMPLIANT saying the instance must be recreated.",
    "Given an instance without KmsKeyId (configuration item), Then NON_COMPLIANT: the default aws/dms key is AWS managed.",
    "Given an instance whose customer managed key is disabled or pending deletion, Then NON_COMPLIANT naming the key state.",
    "Given an instance whose key does not exist in KMS, Then NON_COMPLIANT.",
    "Given an instance with the AWS managed key and requireCustomerManagedKey false, Then COMPLIANT.",
    "Given a DMS Serverless replication config whose ComputeConfig.KmsKeyId is an enabled customer managed key, Then COMPLIANT.",
    "Given a replication config without ComputeConfig.KmsKeyId, Then NON_COMPLIANT: DMS uses the default aws/dms key; set it with ModifyReplicationConfig before the first start, else create a new config.",
  ],
  references: (instance) => ({ kmsKeys: [instance.kmsKeyId] }),
  evaluate(instance, params, { facts }) {
    const problem = keyProblem(instance.kmsKeyId, facts.kmsKeys, {
      purpose: "storage",
      requireCustomerManaged: params.requireCustomerManagedKey,
    });
    if (problem)
      return {
        compliance: "NON_COMPLIANT",
        annotation: `${problem}; ${isConfig(instance) ? RECONFIGURE : RECREATE}`,
      };
    return {
      compliance: "COMPLIANT",
      annotation:
        instance.kmsKeyId === undefined
          ? "storage uses the default aws/dms key (accepted: requireCustomerManagedKey is false)"
          : `storage encrypted with key ${shortKeyRef(instance.kmsKeyId)}`,
    };
  },
});

export { rule };
