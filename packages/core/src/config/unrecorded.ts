import { MalformedInputError } from "../errors.js";
import { unrecordedTypesOf } from "../model/resource-types.js";
import type { AnyRule } from "../rules/types.js";
import type { Evaluation } from "./evaluation.js";

/**
 * Results for resource types AWS Config does not record (model/resource-types.ts
 * UNRECORDED_RESOURCE_TYPES: DMS Serverless replication configs, Schema Conversion instance
 * profiles, data providers). PutEvaluations refuses a ComplianceResourceType outside Config's
 * supported types, failing the whole request ("The resource type AWS::Backup::BackupPlan is
 * invalid. Only the following values are permitted: [...]", awslabs/aws-config-rdk issue #290),
 * and AWS::DMS::ReplicationConfig, AWS::DMS::InstanceProfile and AWS::DMS::DataProvider are not on
 * the developer guide's list (test/fixtures/aws-config/supported-resource-types.json).
 *
 * So a deployed rule reports them in one summary evaluation per account, AWS::::Account with the
 * account id (the type PutEvaluations accepts for account-level results): NON_COMPLIANT naming the
 * failing resources when any fails, else COMPLIANT (NOT_APPLICABLE when every one is). When the
 * account no longer has such resources, no summary is sent and the periodic report retires the
 * earlier one. The CLI (evaluateAll) reports them one by one under their own types.
 */

const MAX_NAMED = 10;

function summaryAnnotation(failing: readonly Evaluation[], total: number): string {
  if (failing.length === 0)
    return `${total} DMS resource(s) AWS Config does not record (replication configs, instance profiles, data providers) comply`;
  const names = failing
    .slice(0, MAX_NAMED)
    .map((e) => `${e.resourceType.replace(/^AWS::DMS::/, "")} ${e.resourceName ?? e.resourceId}`);
  const more = failing.length > MAX_NAMED ? ` and ${failing.length - MAX_NAMED} more` : "";
  const first = failing[0]?.annotation ?? "";
  return `${failing.length} of ${total} unrecorded DMS resource(s) fail: ${names.join(", ")}${more} (run migration-guard audit for each); first: ${first}`;
}

/**
 * The evaluations of a scheduled run as AWS Config can take them: those of unrecorded types
 * replaced by one AWS::::Account summary for `accountId`, which must then be a 12-digit account id
 * (as for account-level kinds, aws/kinds.ts). Without such evaluations the list is returned as it is.
 */
function summariseUnrecorded(
  rule: AnyRule,
  evaluations: Evaluation[],
  accountId: string | undefined,
): Evaluation[] {
  const unrecorded = new Set(unrecordedTypesOf(rule.resourceKind));
  if (unrecorded.size === 0) return evaluations;
  const kept = evaluations.filter((e) => !unrecorded.has(e.resourceType));
  const folded = evaluations.filter((e) => unrecorded.has(e.resourceType));
  if (folded.length === 0) return kept;
  if (!accountId || !/^\d{12}$/.test(accountId))
    throw new MalformedInputError(
      "reporting DMS resources AWS Config does not record needs the 12-digit account id (event.accountId)",
    );
  const failing = folded.filter((e) => e.compliance === "NON_COMPLIANT");
  const applicable = folded.filter((e) => e.compliance !== "NOT_APPLICABLE");
  const summary: Evaluation = {
    rule: rule.name,
    resourceType: "AWS::::Account",
    resourceId: accountId,
    resourceName: `account ${accountId}`,
    compliance: failing.length > 0 ? "NON_COMPLIANT" : applicable.length > 0 ? "COMPLIANT" : "NOT_APPLICABLE",
    annotation: summaryAnnotation(failing, applicable.length),
    orderingTimestamp: folded[0]?.orderingTimestamp ?? new Date(0),
    details: {
      resources: folded.map((e) => ({ type: e.resourceType, id: e.resourceId, compliance: e.compliance })),
    },
  };
  return [...kept, summary];
}

export { summariseUnrecorded };
