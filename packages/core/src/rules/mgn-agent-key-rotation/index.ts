import type { AccessKey } from "../../model/index.js";
import { activeAgentKeys, agentParameters, day, daysBetween, keyName } from "../mgn-agent.js";
import { param } from "../params.js";
import { defineRule } from "../types.js";

/**
 * mgn-agent-key-rotation — MGN agent users' access keys are young, in use, and single.
 *
 * Source: docs/seeds/mgn-infrastructure-security.txt (Infrastructure security in AWS Application
 * Migration Service): "customers must ensure that they manually delete their access keys after
 * installing the AWS Replication Agent and successful migration. AWS does not delete these keys
 * automatically." Keys come from the IAM credential report (at most 4 hours old).
 *
 * Scenarios: `scenarios` in the metadata below (one test each; `migration-guard explain` prints them).
 */

/**
 * What is wrong with one active key. Dates and limits, never an age in days: the annotation of a key
 * that stays wrong is the same every day, so delta reporting (config/periodic.ts) can skip it.
 */
function problems(
  key: AccessKey,
  now: Date,
  params: { maxKeyAgeDays: number; maxUnusedDays: number; gracePeriodDays: number },
): string[] {
  const found: string[] = [];
  const age = key.createdAt ? daysBetween(key.createdAt, now) : undefined;
  if (age === undefined) found.push("has no creation date");
  else if (age > params.maxKeyAgeDays) found.push(`is older than ${params.maxKeyAgeDays} days`);
  const inGrace = age !== undefined && age <= params.gracePeriodDays;
  if (!inGrace) {
    if (key.lastUsedAt) {
      const unused = daysBetween(key.lastUsedAt, now);
      if (unused > params.maxUnusedDays)
        found.push(`unused since ${day(key.lastUsedAt)} (more than ${params.maxUnusedDays} days)`);
    } else if (age !== undefined && age > params.maxUnusedDays) {
      found.push(`never used (more than ${params.maxUnusedDays} days)`);
    }
  }
  return found.length ? [`${keyName(key)} ${found.join(", ")}`] : [];
}

const rule = defineRule({
  name: "mgn-agent-key-rotation",
  description:
    "MGN agent users' active access keys are younger than maxKeyAgeDays, used within maxUnusedDays, and at most one per user",
  resourceKind: "iamUser",
  triggers: { configurationChange: false, periodic: "TwentyFour_Hours" },
  parameters: {
    maxKeyAgeDays: param.integer(30, 1, 3650, "Maximum age of an active access key, in days"),
    maxUnusedDays: param.integer(
      14,
      0,
      3650,
      "Maximum days an active key may go unused (a never-used key counts from its creation)",
    ),
    gracePeriodDays: param.integer(
      1,
      0,
      365,
      "Days after its creation during which a key is not flagged for not being used",
    ),
    ...agentParameters,
  },
  facts: ["iamGroups", "iamAccessKeys"],
  severity: "high",
  remediation:
    "Delete access keys of MGN agent users that are old, unused or duplicated (IAM > Users > Security credentials); create a new key only for the next agent installation",
  source: {
    document: "mgn-infrastructure-security.txt",
    text: "AWS Application Migration Service customers must ensure that they manually delete their access keys after installing the AWS Replication Agent and successful migration. AWS does not delete these keys automatically.",
  },
  scenarios: [
    "Given a user that is not an MGN agent user, Then NOT_APPLICABLE.",
    "Given an agent user (policy attached directly) with no active access key, Then COMPLIANT.",
    "Given an agent user whose active key is older than maxKeyAgeDays, Then NON_COMPLIANT naming the key, its creation date and the limit.",
    "Given the same finding on the next day, Then the same annotation (dates, not ages, so delta reporting can skip it).",
    "Given an agent user whose active key was last used more than maxUnusedDays ago, Then NON_COMPLIANT.",
    "Given an agent user whose active key was never used and was created more than maxUnusedDays ago, Then NON_COMPLIANT.",
    "Given a never-used key younger than gracePeriodDays and maxUnusedDays 0, Then COMPLIANT (just created for an installation).",
    "Given an agent user with two active keys, Then NON_COMPLIANT asking to delete one.",
    "Given an agent user (via a group) with one young, recently used key, Then COMPLIANT.",
    "Given an agent user created after the credential report, Then COMPLIANT until the next run.",
    "Given an agent user missing from an older credential report, Then NON_COMPLIANT asking for a manual check.",
  ],
  evaluate(user, params, { now, facts }) {
    const start = activeAgentKeys(user, params, facts);
    if ("finding" in start) return start.finding;
    const { active } = start;
    const found = active.flatMap((key) => problems(key, now, params));
    if (active.length > 1) {
      const [older] = [...active].sort(
        (a, b) => (a.createdAt?.getTime() ?? 0) - (b.createdAt?.getTime() ?? 0),
      );
      found.unshift(`${active.length} active keys; delete ${older ? keyName(older) : "one"}`);
    }
    if (found.length === 0)
      return {
        compliance: "COMPLIANT",
        annotation: `MGN agent user's active key ${active.map(keyName).join(", ")} is within the limits`,
      };
    return {
      compliance: "NON_COMPLIANT",
      annotation: `MGN agent user: ${found.join("; ")}; delete or rotate the key`,
    };
  },
});

export { rule };
