import type { AccessKey } from "../../model/index.js";
import { analyzeExpiry } from "../iam-expiry.js";
import { agentParameters, agentReason, DAY_MS, day, keyName, keysOf } from "../mgn-agent.js";
import { param } from "../params.js";
import { defineRule, type Finding } from "../types.js";

/**
 * mgn-agent-key-expiry — MGN agent users' keys stop working by themselves: the user's permissions
 * boundary stops every action after a date (aws:CurrentTime), no later than maxKeyLifetimeDays
 * after the key was created. The policy analysis is in ../iam-expiry.ts.
 *
 * Source: docs/seeds/mgn-infrastructure-security.txt: "If you want your keys to automatically stop
 * working at a certain date after you have finished using them so that you do not have to worry
 * about manually deleting them, you can do so though the IAM permissions boundary and the
 * aws:CurrentTime global context key."
 *
 * Scenarios: `scenarios` in the metadata below (one test each; `migration-guard explain` prints them).
 */

function checkKeys(
  active: readonly AccessKey[],
  name: (keys: readonly AccessKey[]) => string,
  expiry: Date,
  now: Date,
  maxDays: number,
  how: string,
): Finding {
  if (expiry <= now)
    return {
      compliance: "NON_COMPLIANT",
      annotation: `expired: the boundary stopped the keys on ${day(expiry)}, but ${name(active)} is still active; delete the key`,
    };
  const tooLong = active.filter(
    (k) => !k.createdAt || expiry.getTime() - k.createdAt.getTime() > maxDays * DAY_MS,
  );
  if (tooLong.length > 0)
    return {
      compliance: "NON_COMPLIANT",
      annotation: `the boundary stops the keys on ${day(expiry)}, more than ${maxDays} days after ${name(tooLong)} was created; set an earlier aws:CurrentTime date`,
    };
  return {
    compliance: "COMPLIANT",
    annotation: `keys stop working on ${expiry.toISOString().replace(/\.000Z$/, "Z")} (${how})`,
  };
}

const rule = defineRule({
  name: "mgn-agent-key-expiry",
  description:
    "MGN agent users with an active access key have a permissions boundary that stops every action (aws:CurrentTime) within maxKeyLifetimeDays of the key's creation",
  resourceKind: "iamUser",
  triggers: { configurationChange: true, periodic: "TwentyFour_Hours" },
  parameters: {
    maxKeyLifetimeDays: param.integer(
      30,
      1,
      3650,
      "Maximum days between an access key's creation and the boundary's expiry date",
    ),
    ...agentParameters,
  },
  facts: ["iamGroups", "iamAccessKeys", "iamManagedPolicies"],
  severity: "medium",
  remediation:
    'Set a customer managed permissions boundary on the agent user with {"Effect":"Deny","Action":"*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"<date>"}}} (plus the Allow it needs)',
  source: {
    document: "mgn-infrastructure-security.txt",
    text: "If you want your keys to automatically stop working at a certain date after you have finished using them so that you do not have to worry about manually deleting them, you can do so though the IAM permissions boundary and the aws:CurrentTime global context key.",
  },
  scenarios: [
    "Given a user that is not an MGN agent user, Then NOT_APPLICABLE.",
    "Given an agent user with no active key, Then COMPLIANT.",
    "Given an agent user with an active key and no permissions boundary, Then NON_COMPLIANT.",
    "Given a boundary that is not a customer managed policy of the account, Then NON_COMPLIANT saying it cannot be read.",
    "Given a boundary without an aws:CurrentTime limit, Then NON_COMPLIANT with the analysis' reason.",
    "Given a boundary that denies everything after a date within maxKeyLifetimeDays of the key's creation, Then COMPLIANT with the expiry date.",
    "Given a boundary whose every Allow ends within the lifetime, Then COMPLIANT with the expiry date.",
    "Given an expiry further than maxKeyLifetimeDays after the key's creation, Then NON_COMPLIANT.",
    "Given an expiry that has passed while the key is still active, Then NON_COMPLIANT: expired, delete the key.",
    "Given a boundary that allows nothing, Then COMPLIANT: the key is unusable.",
    "Given an agent user created after the credential report and no boundary, Then NON_COMPLIANT.",
  ],
  evaluate(user, params, { now, facts }) {
    const reason = agentReason(user, facts.iamGroups, params);
    if (!reason) return { compliance: "NOT_APPLICABLE", annotation: "not an MGN agent user" };
    const lookup = keysOf(user, facts.iamAccessKeys);
    // A user newer than the credential report: judge the boundary against a key created now.
    const active =
      lookup.kind === "known"
        ? lookup.keys.filter((k) => k.active)
        : [
            {
              slot: undefined,
              accessKeyId: undefined,
              active: true,
              createdAt: now,
              lastUsedAt: undefined,
              lastUsedService: undefined,
            },
          ];
    if (active.length === 0)
      return { compliance: "COMPLIANT", annotation: `MGN agent user (${reason}) has no active access key` };
    const subject =
      lookup.kind === "known"
        ? active.map(keyName).join(", ")
        : "its keys (not yet in the credential report)";
    const arn = user.permissionsBoundaryArn;
    if (!arn)
      return {
        compliance: "NON_COMPLIANT",
        annotation: `MGN agent user has no permissions boundary, so ${subject} ${active.length === 1 && lookup.kind === "known" ? "never expires" : "never expire"}; set a boundary that denies everything after a date (aws:CurrentTime)`,
      };
    const policy = facts.iamManagedPolicies.get(arn);
    if (!policy || policy.document === undefined) {
      const awsManaged = /^arn:aws[a-z-]*:iam::aws:policy\//.test(arn);
      return {
        compliance: "NON_COMPLIANT",
        annotation: awsManaged
          ? `boundary ${arn.slice(arn.lastIndexOf("/") + 1)} is an AWS managed policy, which sets no expiry; use a customer managed boundary with aws:CurrentTime`
          : `boundary ${arn.slice(0, 120)} was not found among the account's managed policies; check it by hand`,
      };
    }
    const analysis = analyzeExpiry(policy.document);
    switch (analysis.kind) {
      case "allowsNothing":
        return {
          compliance: "COMPLIANT",
          annotation: `boundary ${policy.name} allows nothing (${analysis.reason}), so ${subject} is unusable; delete it`,
        };
      case "none":
        return {
          compliance: "NON_COMPLIANT",
          annotation: `boundary ${policy.name} does not make ${subject} expire: ${analysis.reasons[0]}`,
        };
      case "expires":
        return checkKeys(
          active,
          (keys) => (lookup.kind === "known" ? keys.map(keyName).join(", ") : subject),
          analysis.expiry,
          now,
          params.maxKeyLifetimeDays,
          `boundary ${policy.name}, ${analysis.via === "deny" ? "Deny" : "Allow"} ${analysis.statement}`,
        );
    }
  },
});

export { rule };
