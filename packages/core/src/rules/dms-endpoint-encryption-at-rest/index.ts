import type { DmsEndpoint, DmsInstanceProfile, Facts } from "../../model/index.js";
import { engineTransport } from "../dms-engines.js";
import { keyProblem } from "../kms-keys.js";
import { param } from "../params.js";
import { defineRule, type Finding } from "../types.js";

/**
 * dms-endpoint-encryption-at-rest — target data and connection information encrypted with keys
 * the customer manages.
 *
 * Source: docs/seeds/dms-data-protection.txt (Data protection in AWS DMS): "If this
 * encryptionMode setting specifies KMS key encryption mode, you can also create custom AWS KMS
 * keys specifically to encrypt the target data for the following AWS DMS target endpoints:
 * Amazon Redshift ... Amazon S3", and "AWS DMS supports both default and custom keys to encrypt
 * both intermediate replication storage and connection information."
 *
 * Schema Conversion instance profiles (DescribeInstanceProfiles) join the connection-information
 * check: "KmsKeyArn ... is used to encrypt the connection parameters for the instance profile. If you
 * don't specify a value for the KmsKeyArn parameter, then DMS uses an Amazon Web Services owned
 * encryption key" (DMS API model, InstanceProfile); ModifyInstanceProfile takes KmsKeyArn, so the key
 * is changed in place.
 *
 * Scenarios: `scenarios` in the metadata below (one test each; `migration-guard explain` prints them).
 *
 * Advice follows the DMS API reference: S3Settings/RedshiftSettings.EncryptionMode "For the
 * ModifyEndpoint operation, you can change the existing value of the EncryptionMode parameter from
 * SSE_KMS to SSE_S3 . But you can't change the existing value from SSE_S3 to SSE_KMS ."; ModifyEndpoint
 * has no KmsKeyId and ModifyReplicationTask no endpoint ARNs, so both need a new endpoint and new tasks.
 */

/** Why SSE_S3 target data needs a new endpoint (ModifyEndpoint cannot change SSE_S3 to SSE_KMS). */
const NEW_SSE_KMS_ENDPOINT =
  "ModifyEndpoint cannot change it to SSE_KMS: create a new target endpoint with SSE_KMS and a ServerSideEncryptionKmsKeyId and recreate the tasks with it";

type TargetStore = { setting: "S3Settings" | "RedshiftSettings"; encryptionMode?: string; kmsKeyId?: string };

/** The target data store whose encryption mode DMS sets, for S3 and Redshift target endpoints. */
function targetStore(endpoint: DmsEndpoint): TargetStore | undefined {
  if (endpoint.endpointType !== "target") return undefined;
  if (endpoint.engineName === "s3") return { setting: "S3Settings", ...endpoint.settings.s3 };
  if (endpoint.engineName === "redshift" || endpoint.engineName === "redshift-serverless")
    return { setting: "RedshiftSettings", ...endpoint.settings.redshift };
  return undefined;
}

/**
 * The encryption mode as the extra connection attribute spells it (`SSE_KMS`); the API's enum is
 * `sse-kms` / `sse-s3`. Both settings default to SSE_S3 (DMS API reference).
 */
function encryptionMode(store: TargetStore | undefined): string {
  return (store?.encryptionMode ?? "SSE_S3").toUpperCase().replace(/-/g, "_");
}

function targetDataProblem(
  store: TargetStore,
  allowSseS3: boolean,
  requireCustomerManaged: boolean,
  keys: Facts["kmsKeys"],
): string | undefined {
  const mode = encryptionMode(store);
  if (mode === "SSE_S3") {
    return allowSseS3
      ? undefined
      : `target data uses ${store.setting}.EncryptionMode SSE_S3; ${NEW_SSE_KMS_ENDPOINT}`;
  }
  if (mode !== "SSE_KMS")
    return `${store.setting}.EncryptionMode ${mode.slice(0, 20)} is unknown; use a target endpoint created with SSE_KMS`;
  if (!store.kmsKeyId)
    return `${store.setting}.EncryptionMode SSE_KMS has no ServerSideEncryptionKmsKeyId; set a KMS key`;
  return keyProblem(store.kmsKeyId, keys, { purpose: "target data", requireCustomerManaged });
}

function isProfile(r: DmsEndpoint | DmsInstanceProfile): r is DmsInstanceProfile {
  return "resourceType" in r && r.resourceType === "AWS::DMS::InstanceProfile";
}

/** An instance profile's connection parameters: encrypted with KmsKeyArn, else an AWS owned key. */
function evaluateProfile(
  profile: DmsInstanceProfile,
  requireCustomerManaged: boolean,
  keys: Facts["kmsKeys"],
): Finding {
  if (!requireCustomerManaged)
    return {
      compliance: "NOT_APPLICABLE",
      annotation: "instance profile stores only connection parameters and requireCustomerManagedKey is false",
    };
  const problem =
    profile.kmsKeyArn === undefined
      ? "connection parameters use an AWS owned key (no KmsKeyArn), not a customer managed key"
      : keyProblem(profile.kmsKeyArn, keys, { purpose: "connection parameters", requireCustomerManaged });
  if (problem)
    return {
      compliance: "NON_COMPLIANT",
      annotation: `${problem}; set KmsKeyArn to an enabled customer managed key with ModifyInstanceProfile`,
    };
  return {
    compliance: "COMPLIANT",
    annotation: "instance profile connection parameters encrypted with an acceptable KMS key",
  };
}

const rule = defineRule({
  name: "dms-endpoint-encryption-at-rest",
  description:
    "S3 and Redshift target endpoints encrypt data with SSE_KMS; endpoint and instance profile connection information is encrypted with an enabled customer managed KMS key",
  resourceKind: "dmsConnection",
  triggers: { configurationChange: true, periodic: "TwentyFour_Hours" },
  parameters: {
    allowSseS3: param.boolean(false, "accept SSE_S3 (S3-managed keys) for S3 and Redshift target data"),
    requireCustomerManagedKey: param.boolean(
      true,
      "require customer managed KMS keys (not the AWS managed aws/dms key) for connection information and target data",
    ),
  },
  facts: ["kmsKeys"],
  severity: "medium",
  remediation:
    "EncryptionMode cannot be changed from SSE_S3 to SSE_KMS and an endpoint's KmsKeyId cannot be changed (ModifyEndpoint): create a new endpoint with S3Settings/RedshiftSettings EncryptionMode SSE_KMS, a customer managed ServerSideEncryptionKmsKeyId and a customer managed KmsKeyId, recreate the replication tasks with it and delete the old endpoint; an instance profile's KmsKeyArn is changed in place with ModifyInstanceProfile",
  source: {
    document: "dms-data-protection.txt",
    text: "If this encryptionMode setting specifies KMS key encryption mode, you can also create custom AWS KMS keys specifically to encrypt the target data for the following AWS DMS target endpoints",
  },
  scenarios: [
    "Given an S3 target with SSE_KMS and a customer managed key, and a customer managed connection key, Then COMPLIANT.",
    "Given an S3 target without EncryptionMode (SSE_S3 by default), Then NON_COMPLIANT asking for SSE_KMS.",
    "Given an S3 target with SSE_S3 and allowSseS3 true, Then COMPLIANT.",
    "Given an S3 target with SSE_KMS but no ServerSideEncryptionKmsKeyId, Then NON_COMPLIANT asking for the key.",
    "Given a Redshift target with RedshiftSettings.EncryptionMode SSE_S3, Then NON_COMPLIANT naming RedshiftSettings.",
    "Given an S3 target whose data key is disabled, Then NON_COMPLIANT saying the key is disabled.",
    "Given an endpoint whose KmsKeyId is AWS managed (aws/dms), Then NON_COMPLIANT asking for a customer managed key.",
    "Given an endpoint without KmsKeyId, Then NON_COMPLIANT: the default aws/dms key is AWS managed.",
    "Given an endpoint whose KmsKeyId does not exist in KMS, Then NON_COMPLIANT.",
    "Given a postgres endpoint with a customer managed, enabled key, Then COMPLIANT (no target data at rest).",
    "Given a postgres endpoint and requireCustomerManagedKey false, Then NOT_APPLICABLE.",
    "Given an S3 source endpoint, Then the target-data part does not apply.",
    "Given an endpoint of an engine migration-guard does not know, Then the annotation says only its connection key was checked.",
    "Given a Schema Conversion instance profile whose KmsKeyArn is an enabled customer managed key, Then COMPLIANT.",
    "Given an instance profile without KmsKeyArn (an AWS owned key), Then NON_COMPLIANT advising ModifyInstanceProfile with a customer managed KmsKeyArn.",
    "Given an instance profile and requireCustomerManagedKey false, Then NOT_APPLICABLE.",
  ],
  references: (resource) =>
    isProfile(resource)
      ? { kmsKeys: [resource.kmsKeyArn] }
      : { kmsKeys: [resource.kmsKeyId, targetStore(resource)?.kmsKeyId] },
  evaluate(endpoint, params, { facts }) {
    if (isProfile(endpoint))
      return evaluateProfile(endpoint, params.requireCustomerManagedKey, facts.kmsKeys);
    const store = targetStore(endpoint);
    if (!store && !params.requireCustomerManagedKey) {
      return {
        compliance: "NOT_APPLICABLE",
        annotation: `${endpoint.engineName} ${endpoint.endpointType} endpoint stores no target data at rest and requireCustomerManagedKey is false`,
      };
    }
    const problems: string[] = [];
    if (store) {
      const problem = targetDataProblem(
        store,
        params.allowSseS3,
        params.requireCustomerManagedKey,
        facts.kmsKeys,
      );
      if (problem) problems.push(problem);
    }
    const connection = keyProblem(endpoint.kmsKeyId, facts.kmsKeys, {
      purpose: "connection information",
      requireCustomerManaged: params.requireCustomerManagedKey,
    });
    if (connection) problems.push(`${connection} (KmsKeyId is fixed at creation: recreate the endpoint)`);
    // Only the connection key (every endpoint has one) is checked for an engine not in the table.
    const unknown = engineTransport(endpoint.engineName)
      ? ""
      : ` (engine ${JSON.stringify(endpoint.engineName.slice(0, 40))} is not known to migration-guard: only its connection key was checked)`;
    if (problems.length > 0)
      return { compliance: "NON_COMPLIANT", annotation: `${problems.join("; ")}${unknown}` };
    const mode = encryptionMode(store);
    const target = store ? `target data ${mode}${mode === "SSE_KMS" ? " with an acceptable key" : ""}; ` : "";
    return {
      compliance: "COMPLIANT",
      annotation: `${endpoint.engineName} ${endpoint.endpointType} endpoint: ${target}connection information encrypted with an acceptable KMS key${unknown}`,
    };
  },
});

export { rule, targetStore };
