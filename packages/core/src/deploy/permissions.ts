import { FACTS } from "../aws/facts.js";
import { KINDS } from "../aws/kinds.js";
import type { AnyRule } from "../rules/types.js";

/**
 * IAM actions a rule's collector needs, derived from the operations of its resource kind and
 * facts, so that what a function is granted cannot drift from what its code calls.
 */
function collectorActions(rule: AnyRule): string[] {
  const operations = [
    ...KINDS[rule.resourceKind].operations,
    ...rule.facts.flatMap((f) => FACTS[f].operations),
  ];
  return [
    ...new Set(
      operations.flatMap((op) => [op.iamAction, ...((op.kind === "account" && op.extraIamActions) || [])]),
    ),
  ].sort();
}

/** Everything the rule's Lambda function calls: the collector plus the AWS Config protocol. */
function functionActions(rule: AnyRule): string[] {
  const actions = new Set(collectorActions(rule));
  actions.add("config:PutEvaluations");
  if (rule.triggers.configurationChange) actions.add("config:GetResourceConfigHistory");
  if (rule.triggers.periodic) actions.add("config:GetComplianceDetailsByConfigRule");
  return [...actions].sort();
}

export { collectorActions, functionActions };
