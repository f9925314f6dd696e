import type { AwsClients } from "../aws/clients.js";
import { getReplicationConfiguration, replicationModel } from "../aws/schemas/mgn.js";
import { parseAt } from "../aws/schemas/parse.js";
import type { Outcome } from "./iam-steps.js";
import type { MgnChanges, MgnObserved, Step } from "./types.js";

/**
 * The MGN steps: read the template's or source server's replication settings live, drop the
 * changes already in place, and skip when a setting was changed by someone else since the finding
 * (neither what the finding saw nor what remediation would set).
 */

type Live = ReturnType<typeof replicationModel>;

/** An API output's replication settings (template or source server) → the model. */
function liveOf(raw: unknown, label: string, where: string): Live | undefined {
  return raw ? replicationModel(parseAt(getReplicationConfiguration, raw, where), label) : undefined;
}

function liveValue(live: Live, name: keyof MgnChanges): unknown {
  return name === "createPublicIP" ? live.createPublicIp : live[name];
}

function remaining(
  live: Live,
  changes: MgnChanges,
  observed: MgnObserved,
): { changes: MgnChanges } | { changedSince: string } {
  const left: Record<string, unknown> = {};
  for (const [name, target] of Object.entries(changes) as [keyof MgnChanges, unknown][]) {
    const now = liveValue(live, name);
    if (now === target) continue;
    if (now !== observed[name]) return { changedSince: `${name} is now ${String(now)}` };
    left[name] = target;
  }
  return { changes: left as MgnChanges };
}

function describe(changes: MgnChanges): string {
  return Object.entries(changes)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(" ");
}

async function updateSettings(
  live: Live | undefined,
  what: string,
  step: { changes: MgnChanges; observed: MgnObserved },
  call: string,
  apply: boolean,
  update: (changes: MgnChanges) => Promise<void>,
): Promise<Outcome> {
  if (!live) return { status: "skipped", reason: `${what} no longer exists`, calls: [] };
  const left = remaining(live, step.changes, step.observed);
  if ("changedSince" in left)
    return {
      status: "skipped",
      reason: `${what} changed since the finding (${left.changedSince}); not overwritten`,
      calls: [],
    };
  if (Object.keys(left.changes).length === 0)
    return { status: "skipped", reason: `${what} already has ${describe(step.changes)}`, calls: [] };
  const calls = [`${call} ${describe(left.changes)}`];
  if (!apply) return { status: "planned", calls };
  await update(left.changes);
  return { status: "applied", calls };
}

function writer<K extends "updateReplicationConfigurationTemplate" | "updateReplicationConfiguration">(
  clients: AwsClients,
  name: K,
) {
  const method = clients.mgn[name];
  if (!method) throw new Error(`the MGN API in use cannot ${name}`);
  return method.bind(clients.mgn) as NonNullable<typeof method>;
}

async function updateReplicationTemplate(
  step: Extract<Step, { kind: "updateReplicationTemplate" }>,
  clients: AwsClients,
  apply: boolean,
): Promise<Outcome> {
  const { items } = await clients.mgn.describeReplicationConfigurationTemplates();
  const raw = items.find(
    (t) =>
      (t as { replicationConfigurationTemplateID?: unknown }).replicationConfigurationTemplateID ===
      step.templateId,
  );
  const live = liveOf(raw, `template ${step.templateId}`, "mgn.DescribeReplicationConfigurationTemplates");
  return updateSettings(
    live,
    `template ${step.templateId}`,
    step,
    `mgn:UpdateReplicationConfigurationTemplate replicationConfigurationTemplateID=${step.templateId}`,
    apply,
    (changes) =>
      writer(
        clients,
        "updateReplicationConfigurationTemplate",
      )({
        replicationConfigurationTemplateID: step.templateId,
        ...changes,
      }),
  );
}

async function updateReplicationConfiguration(
  step: Extract<Step, { kind: "updateReplicationConfiguration" }>,
  clients: AwsClients,
  apply: boolean,
): Promise<Outcome> {
  const raw = await clients.mgn.getReplicationConfiguration(step.sourceServerId);
  const live = liveOf(raw, `source server ${step.sourceServerId}`, "mgn.GetReplicationConfiguration");
  return updateSettings(
    live,
    `source server ${step.sourceServerId}`,
    step,
    `mgn:UpdateReplicationConfiguration sourceServerID=${step.sourceServerId}`,
    apply,
    (changes) =>
      writer(clients, "updateReplicationConfiguration")({ sourceServerID: step.sourceServerId, ...changes }),
  );
}

export { updateReplicationConfiguration, updateReplicationTemplate };
