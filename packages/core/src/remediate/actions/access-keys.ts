import type { AccessKey, Facts, IamUser } from "../../model/index.js";
import { day } from "../../rules/mgn-agent.js";
import { actionOf, type PlanInput, type PlannedAction } from "../types.js";

/**
 * MGN agent access keys flagged by mgn-agent-key-rotation or mgn-agent-key-cleanup: deactivate
 * (UpdateAccessKey Status=Inactive), never delete, so the change can be undone by reactivating.
 *
 * Which keys the finding names is decided by the rule itself: a key is named when the rule, shown
 * only that key, still finds the user NON_COMPLIANT; and for rotation, the older of two active keys
 * ("2 active keys; delete the older"). The credential report has no key ids: the action carries the
 * key's slot and creation time, which the executor maps to a key id with ListAccessKeys.
 */

function keyLabel(key: AccessKey): string {
  return `access key ${key.slot ?? "?"} (${key.createdAt ? `created ${day(key.createdAt)}` : "creation date unknown"})`;
}

/** The keys of `user` the rule's finding is about. */
function flaggedKeys(input: PlanInput, user: IamUser, active: readonly AccessKey[]): AccessKey[] {
  const inventory = input.facts.iamAccessKeys as Facts["iamAccessKeys"];
  const alone = (key: AccessKey) => {
    const byUser = new Map(inventory.byUser);
    byUser.set(user.userName, [key]);
    const facts = { ...input.facts, iamAccessKeys: { ...inventory, byUser } };
    return input.rule.evaluate(user as never, input.params as never, {
      now: input.now,
      facts: facts as never,
    });
  };
  const flagged = new Set(active.filter((key) => alone(key).compliance === "NON_COMPLIANT"));
  if (input.rule.name === "mgn-agent-key-rotation" && active.length > 1) {
    const [older] = [...active].sort((a, b) => (a.createdAt?.getTime() ?? 0) - (b.createdAt?.getTime() ?? 0));
    if (older) flagged.add(older);
  }
  return active.filter((key) => flagged.has(key));
}

function planDeactivateKeys(input: PlanInput): PlannedAction[] {
  const user = input.resource as IamUser;
  const keys = (input.facts.iamAccessKeys as Facts["iamAccessKeys"] | undefined)?.byUser.get(user.userName);
  // A user missing from the credential report: nothing to map to a key, the finding asks for a manual check.
  if (!keys) return [];
  return flaggedKeys(
    input,
    user,
    keys.filter((k) => k.active),
  ).map((key) =>
    actionOf(
      input,
      `deactivate ${keyLabel(key)} of ${user.userName}`,
      [
        `iam:ListAccessKeys UserName=${user.userName}`,
        `iam:UpdateAccessKey UserName=${user.userName} Status=Inactive`,
      ],
      { kind: "deactivateAccessKey", userName: user.userName, slot: key.slot, createdAt: key.createdAt },
    ),
  );
}

export { flaggedKeys, keyLabel, planDeactivateKeys };
