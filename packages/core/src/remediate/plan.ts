import { collectAll } from "../aws/collect.js";
import { loadFacts } from "../aws/facts.js";
import type { Scope } from "../aws/kinds.js";
import type { ApiSource } from "../aws/source.js";
import type { FactName } from "../model/index.js";
import type { AnyRule } from "../rules/types.js";
import { planDeactivateKeys } from "./actions/access-keys.js";
import { planExpiryBoundary } from "./actions/boundary.js";
import { planDmsManual } from "./actions/dms.js";
import { planMgnReplication } from "./actions/mgn-replication.js";
import type { PlannedAction, Planner, RemediationValues } from "./types.js";

/**
 * The remediations, by rule: the planner (pure), whether AWS Config may run it automatically, and
 * the IAM actions the executor needs for it (its writes and the reads of its live checks), from
 * which the deployed remediation function's policy is derived.
 */
interface Remediation {
  plan: Planner;
  /** Offered as AWS Config automatic remediation (otherwise manual only). */
  automatic: boolean;
  /** Whether a deployed remediation can do anything (false: manual steps only, no call). */
  deployable: boolean;
  writes: readonly string[];
  reads: readonly string[];
}

const REMEDIATIONS: Readonly<Record<string, Remediation>> = {
  // Keys flagged by rotation may still serve a running replication: manual only.
  "mgn-agent-key-rotation": {
    plan: planDeactivateKeys,
    automatic: false,
    deployable: true,
    writes: ["iam:UpdateAccessKey"],
    reads: ["iam:ListAccessKeys"],
  },
  // The migration is finished: deactivating a left-over key is safe (and reversible).
  "mgn-agent-key-cleanup": {
    plan: planDeactivateKeys,
    automatic: true,
    deployable: true,
    writes: ["iam:UpdateAccessKey"],
    reads: ["iam:ListAccessKeys"],
  },
  "mgn-agent-key-expiry": {
    plan: planExpiryBoundary,
    automatic: true,
    deployable: true,
    writes: ["iam:CreatePolicy", "iam:PutUserPermissionsBoundary"],
    reads: ["iam:GetUser", "iam:ListAccessKeys", "iam:GetPolicy", "iam:GetPolicyVersion"],
  },
  // Private routing needs private connectivity; a new key changes how new volumes are encrypted: manual only.
  "mgn-replication-settings": {
    plan: planMgnReplication,
    automatic: false,
    deployable: true,
    writes: ["mgn:UpdateReplicationConfigurationTemplate", "mgn:UpdateReplicationConfiguration"],
    reads: ["mgn:DescribeReplicationConfigurationTemplates", "mgn:GetReplicationConfiguration"],
  },
  "dms-replication-instance-kms": {
    plan: planDmsManual,
    automatic: false,
    deployable: false,
    writes: [],
    reads: [],
  },
  "dms-replication-instance-not-public": {
    plan: planDmsManual,
    automatic: false,
    deployable: false,
    writes: [],
    reads: [],
  },
  "dms-endpoint-encryption-at-rest": {
    plan: planDmsManual,
    automatic: false,
    deployable: false,
    writes: [],
    reads: [],
  },
};

function remediationOf(ruleName: string): Remediation | undefined {
  return REMEDIATIONS[ruleName];
}

/**
 * Evaluate `rule` on the live (or recorded) account and plan the remediation of each
 * NON_COMPLIANT resource; with `resourceId`, only that resource (a remediation request).
 */
async function planRule(
  rule: AnyRule,
  params: Record<string, unknown>,
  source: ApiSource,
  options: { now: Date; values: RemediationValues; scope: Scope; resourceId?: string },
): Promise<PlannedAction[]> {
  const remediation = remediationOf(rule.name);
  if (!remediation) return [];
  let resources = await collectAll(rule.resourceKind, source, options.scope);
  if (options.resourceId !== undefined)
    resources = resources.filter((r) => r.resourceId === options.resourceId);
  if (resources.length === 0) return [];
  const refs: Partial<Record<FactName, Set<string>>> = {};
  for (const { model } of resources) {
    for (const [fact, keys] of Object.entries(rule.references?.(model) ?? {})) {
      const set = refs[fact as FactName] ?? new Set<string>();
      for (const key of keys ?? []) if (key) set.add(key);
      refs[fact as FactName] = set;
    }
  }
  const facts = await loadFacts(source, rule.facts, refs);
  return resources.flatMap(({ model: resource, resourceType, resourceId, resourceName }) => {
    const finding = rule.evaluate(resource, params as never, { now: options.now, facts });
    if (finding.compliance !== "NON_COMPLIANT") return [];
    return remediation.plan({
      rule,
      resource,
      resourceType,
      resourceId,
      resourceName,
      finding,
      facts,
      params,
      now: options.now,
      values: options.values,
    });
  });
}

export type { Remediation };
export { planRule, REMEDIATIONS, remediationOf };
