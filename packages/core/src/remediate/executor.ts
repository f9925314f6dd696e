import type { AwsClients } from "../aws/clients.js";
import { classifyAwsError } from "../aws/errors.js";
import { describeError } from "../errors.js";
import { attachExpiryBoundary, deactivateAccessKey, type Outcome } from "./iam-steps.js";
import { updateReplicationConfiguration, updateReplicationTemplate } from "./mgn-steps.js";
import type { ActionResult, PlannedAction, Step } from "./types.js";

/**
 * The one executor, shared by the CLI and the deployed remediation function: for each planned
 * action it re-reads the live state, and acts (with `apply`) only where the finding still holds.
 * Without `apply` it makes read calls only. A failed action is reported as `failed` with the
 * reason; the other actions still run.
 */

interface ExecuteOptions {
  apply: boolean;
  /** Called after each applied action (the deployed function publishes it to the alert topic). */
  onApplied?: (result: ActionResult) => Promise<void>;
}

/** The IAM action an executor step's failure names. */
const STEP_ACTION: Record<Step["kind"], string> = {
  deactivateAccessKey: "iam:UpdateAccessKey",
  attachExpiryBoundary: "iam:PutUserPermissionsBoundary",
  updateReplicationTemplate: "mgn:UpdateReplicationConfigurationTemplate",
  updateReplicationConfiguration: "mgn:UpdateReplicationConfiguration",
  manual: "none",
};

function runStep(step: Step, clients: AwsClients, apply: boolean): Promise<Outcome> {
  switch (step.kind) {
    case "deactivateAccessKey":
      return deactivateAccessKey(step, clients, apply);
    case "attachExpiryBoundary":
      return attachExpiryBoundary(step, clients, apply);
    case "updateReplicationTemplate":
      return updateReplicationTemplate(step, clients, apply);
    case "updateReplicationConfiguration":
      return updateReplicationConfiguration(step, clients, apply);
    case "manual":
      return Promise.resolve({
        status: "skipped",
        reason: `cannot be changed in place; by hand: ${step.steps.join("; ")}`,
        calls: [],
      });
  }
}

async function executeAction(
  action: PlannedAction,
  clients: AwsClients,
  options: ExecuteOptions,
): Promise<ActionResult> {
  const { step: _, ...identity } = action;
  let result: ActionResult;
  try {
    const outcome = await runStep(action.step, clients, options.apply);
    result = { ...identity, calls: outcome.calls ?? identity.calls, status: outcome.status };
    if (outcome.reason) result.reason = outcome.reason;
  } catch (error) {
    return {
      ...identity,
      status: "failed",
      reason: describeError(classifyAwsError(error, STEP_ACTION[action.step.kind])),
    };
  }
  if (result.status === "applied" && options.onApplied) {
    try {
      await options.onApplied(result);
    } catch (error) {
      result.reason = `applied, but the notification failed: ${describeError(error)}`;
    }
  }
  return result;
}

/** Execute the actions one after the other (writes to one account are few; order is kept). */
async function executeAll(
  actions: readonly PlannedAction[],
  clients: AwsClients,
  options: ExecuteOptions,
): Promise<ActionResult[]> {
  const results: ActionResult[] = [];
  for (const action of actions) results.push(await executeAction(action, clients, options));
  return results;
}

export type { ExecuteOptions };
export { executeAction, executeAll };
