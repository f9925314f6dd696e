import type { AccessKey, AccessKeyInventory, Facts, IamUser } from "../model/index.js";
import { own } from "../util/own.js";
import { param } from "./params.js";
import type { Finding } from "./types.js";

/**
 * Shared by the mgn-agent-key-* rules: which IAM users are MGN agent users, and how to name
 * their access keys. Source: docs/seeds/mgn-infrastructure-security.txt.
 *
 * An agent user holds, directly or through a group, an AWS managed MGN agent policy
 * (`AWSApplicationMigrationAgentInstallationPolicy`, `AWSApplicationMigrationAgentPolicy`, any
 * later `AWSApplicationMigration*Agent*`), or a policy named in `agentPolicyArns`, or carries a
 * tag named in `agentUserTag`.
 */

/** AWS managed MGN agent policies, in any partition and under any path. */
const AWS_AGENT_POLICY =
  /^arn:aws[a-z-]*:iam::aws:policy\/(?:[^/]+\/)*AWSApplicationMigration[^/]*Agent[^/]*$/;

const agentParameters = {
  agentPolicyArns: param.list(
    [],
    "ARNs of customer managed policies that also mark MGN agent users",
    (item) =>
      /^arn:aws[a-z-]*:iam::(\d{12}|aws):policy\/.+$/.test(item) ? undefined : "not an IAM policy ARN",
  ),
  agentUserTag: param.list(
    [],
    "Tags that mark MGN agent users, as key=value (e.g. purpose=mgn-agent) or key (any value)",
    (item) => (/^[^=]+(=.*)?$/.test(item) ? undefined : "expected key=value or key"),
  ),
};

interface AgentParams {
  agentPolicyArns: readonly string[];
  agentUserTag: readonly string[];
}

/** Why the user is an MGN agent user (e.g. "AWSApplicationMigrationAgentPolicy via group mgn"), or undefined. */
function agentReason(user: IamUser, groups: Facts["iamGroups"], params: AgentParams): string | undefined {
  const custom = new Set(params.agentPolicyArns);
  const isAgentPolicy = (arn: string) => AWS_AGENT_POLICY.test(arn) || custom.has(arn);
  const policyName = (arn: string) => arn.slice(arn.lastIndexOf("/") + 1);
  const direct = user.attachedPolicyArns.find(isAgentPolicy);
  if (direct) return policyName(direct);
  for (const groupName of user.groupNames) {
    const viaGroup = groups.get(groupName)?.attachedPolicyArns.find(isAgentPolicy);
    if (viaGroup) return `${policyName(viaGroup)} via group ${groupName}`;
  }
  for (const tag of params.agentUserTag) {
    const eq = tag.indexOf("=");
    const key = eq < 0 ? tag : tag.slice(0, eq);
    const value = eq < 0 ? undefined : tag.slice(eq + 1);
    const actual = own(user.tags, key);
    if (actual !== undefined && (value === undefined || actual === value)) return `tag ${tag}`;
  }
  return undefined;
}

const DAY_MS = 86_400_000;

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function daysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / DAY_MS);
}

/** `AKIA… (key 1, created 2026-10-01)`: the id when known, the credential-report slot otherwise. */
function keyName(key: AccessKey): string {
  const created = key.createdAt ? `created ${day(key.createdAt)}` : "creation date unknown";
  if (key.accessKeyId) return `${key.accessKeyId} (${created})`;
  return `access key ${key.slot ?? "?"} (${created})`;
}

type KeyLookup =
  | { kind: "known"; keys: readonly AccessKey[] }
  /** The user is newer than the credential report. */
  | { kind: "notInReport"; generatedAt: Date | undefined };

function keysOf(user: IamUser, inventory: AccessKeyInventory): KeyLookup {
  const keys = inventory.byUser.get(user.userName);
  return keys ? { kind: "known", keys } : { kind: "notInReport", generatedAt: inventory.generatedAt };
}

function reportTime(generatedAt: Date | undefined): string {
  return generatedAt ? generatedAt.toISOString().replace(/\.\d{3}Z$/, "Z") : "an unknown time";
}

export type { AgentParams, KeyLookup };
export {
  AWS_AGENT_POLICY,
  agentParameters,
  agentReason,
  DAY_MS,
  day,
  daysBetween,
  keyName,
  keysOf,
  reportTime,
};

/**
 * The finding for an agent user missing from the credential report: a user created after the
 * report was generated is fine for now (its keys are read on the next run); otherwise the report
 * and the user list disagree, which is reported rather than guessed.
 */
function notInReport(
  user: IamUser,
  generatedAt: Date | undefined,
): { compliance: "COMPLIANT" | "NON_COMPLIANT"; annotation: string } {
  if (user.createdAt && generatedAt && user.createdAt > generatedAt)
    return {
      compliance: "COMPLIANT",
      annotation: `agent user created after the IAM credential report (${reportTime(generatedAt)}); its keys are checked on the next run`,
    };
  return {
    compliance: "NON_COMPLIANT",
    annotation: `agent user is missing from the IAM credential report (${reportTime(generatedAt)}); check its access keys by hand`,
  };
}

/**
 * The start every agent-key rule shares: NOT_APPLICABLE for a user that is no agent user, the
 * credential-report gap, COMPLIANT when no key is active; otherwise the active keys to judge.
 */
function activeAgentKeys(
  user: IamUser,
  params: AgentParams,
  facts: Pick<Facts, "iamGroups" | "iamAccessKeys">,
): { finding: Finding } | { reason: string; active: AccessKey[] } {
  const reason = agentReason(user, facts.iamGroups, params);
  if (!reason) return { finding: { compliance: "NOT_APPLICABLE", annotation: "not an MGN agent user" } };
  const lookup = keysOf(user, facts.iamAccessKeys);
  if (lookup.kind === "notInReport") return { finding: notInReport(user, lookup.generatedAt) };
  const active = lookup.keys.filter((k) => k.active);
  if (active.length === 0)
    return {
      finding: { compliance: "COMPLIANT", annotation: `MGN agent user (${reason}) has no active access key` },
    };
  return { reason, active };
}

export { activeAgentKeys, notInReport };
