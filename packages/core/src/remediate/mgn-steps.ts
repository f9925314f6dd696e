import type { AwsClients } from "../aws/clients.js";
import type { Outcome } from "./iam-steps.js";
import type { Step } from "./types.js";

async function updateReplicationTemplate(
  _step: Extract<Step, { kind: "updateReplicationTemplate" }>,
  _clients: AwsClients,
  _apply: boolean,
): Promise<Outcome> {
  return { status: "skipped", reason: "not implemented" };
}

async function updateReplicationConfiguration(
  _step: Extract<Step, { kind: "updateReplicationConfiguration" }>,
  _clients: AwsClients,
  _apply: boolean,
): Promise<Outcome> {
  return { status: "skipped", reason: "not implemented" };
}

export { updateReplicationConfiguration, updateReplicationTemplate };
