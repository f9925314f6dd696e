import { display } from "../../util/display.js";
import { actionOf, type PlanInput, type PlannedAction } from "../types.js";

/**
 * DMS findings that cannot be fixed in place; the plan lists what a person does and makes no call.
 * From the DMS API model: ModifyReplicationInstance has neither KmsKeyId nor PubliclyAccessible;
 * ModifyEndpoint has no KmsKeyId, and "you can't change the existing value from SSE_S3 to SSE_KMS"
 * (S3Settings.EncryptionMode); ModifyReplicationTask cannot change a task's endpoints, while
 * MoveReplicationTask moves a task to another replication instance. Where an API allows a change
 * in place (e.g. ModifyInstanceProfile for Schema Conversion instance profiles), a planner of its
 * own plans the call.
 */

function instanceSteps(name: string, what: string): string[] {
  return [
    `create a replication instance with ${what} (CreateReplicationInstance; ModifyReplicationInstance cannot change it)`,
    `stop each replication task on ${name}, move it to the new instance (MoveReplicationTask) and resume it`,
    `delete ${name} once no task uses it`,
  ];
}

function endpointSteps(name: string, annotation: string): string[] {
  const steps: string[] = [];
  if (/SSE_S3|EncryptionMode|SSE_KMS|data key|ServerSideEncryptionKmsKeyId/i.test(annotation))
    steps.push(
      `create an endpoint like ${name} with EncryptionMode SSE_KMS and ServerSideEncryptionKmsKeyId set to a customer managed key (ModifyEndpoint cannot change SSE_S3 to SSE_KMS)`,
    );
  if (/connection/i.test(annotation))
    steps.push(
      `create an endpoint like ${name} with KmsKeyId set to a customer managed key for its connection information (ModifyEndpoint has no KmsKeyId)`,
    );
  if (steps.length === 0) steps.push(`recreate ${name} as the finding says: ${annotation}`);
  steps.push(
    `recreate the replication tasks that use ${name} with the new endpoint (ModifyReplicationTask cannot change endpoints), then delete ${name}`,
  );
  return steps;
}

/** DMS types changed otherwise than instances and endpoints: the finding's own advice is the step. */
const OWN_ADVICE = new Set([
  "AWS::DMS::ReplicationConfig",
  "AWS::DMS::InstanceProfile",
  "AWS::DMS::DataProvider",
]);

function planDmsManual(input: PlanInput): PlannedAction[] {
  const name = display(input.resourceName ?? input.resourceId);
  const finding = display(input.finding.annotation);
  // Instance profiles and data providers change in place (ModifyInstanceProfile, ModifyDataProvider);
  // a replication config until its first start (ModifyReplicationConfig): the annotation says how.
  if (OWN_ADVICE.has(input.resourceType))
    return [
      actionOf(input, `fix ${name} as the finding says (by hand)`, [], { kind: "manual", steps: [finding] }),
    ];
  switch (input.rule.name) {
    case "dms-replication-instance-kms":
      return [
        actionOf(input, `recreate ${name} with a customer managed KMS key (by hand)`, [], {
          kind: "manual",
          steps: instanceSteps(name, "KmsKeyId set to an enabled customer managed key"),
        }),
      ];
    case "dms-replication-instance-not-public":
      return [
        actionOf(input, `recreate ${name} without public access (by hand)`, [], {
          kind: "manual",
          steps: instanceSteps(name, "PubliclyAccessible false"),
        }),
      ];
    case "dms-endpoint-encryption-at-rest":
      return [
        actionOf(input, `recreate ${name} with customer managed keys (by hand)`, [], {
          kind: "manual",
          steps: endpointSteps(name, finding),
        }),
      ];
    default:
      return [];
  }
}

export { planDmsManual };
