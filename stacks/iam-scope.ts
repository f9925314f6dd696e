import { Aws } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import { arnIn } from "./lambda.js";

/**
 * The resources each action of a rule's function may touch, where the API allows scoping
 * (Service Authorization Reference); every other action (Describe/List calls without
 * resource-level permissions, config:PutEvaluations) needs `*`.
 */
function resourcesFor(action: string): string[] {
  switch (action) {
    case "config:GetComplianceDetailsByConfigRule":
      return [arnIn("config", "config-rule/*")];
    case "kms:DescribeKey":
      // Keys may live in another account (cross-account customer managed keys): keys only.
      return [`arn:${Aws.PARTITION}:kms:*:*:key/*`];
    default:
      return ["*"];
  }
}

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

export { resourcesFor, scopedStatements };
