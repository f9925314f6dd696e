import type { Facts, MgnAccount, ReplicationSettings } from "../../model/index.js";
import { display } from "../../util/display.js";
import { actionOf, type MgnChanges, type MgnObserved, type PlanInput, type PlannedAction } from "../types.js";

/**
 * MGN replication settings (mgn-replication-settings), only with values the user gives:
 * `--ebs-kms-key ARN` (stage `ebsKmsKeyArn`) sets ebsEncryption CUSTOM with that key;
 * `--private-routing` (stage `privateRouting: true`) sets dataPlaneRouting PRIVATE_IP and
 * createPublicIP false, an explicit opt-in since replication then needs private connectivity
 * (VPN, Direct Connect or VPC peering to the staging subnet). Templates through
 * UpdateReplicationConfigurationTemplate, source servers through UpdateReplicationConfiguration
 * (MGN API model: ReplicationConfigurationEbsEncryption DEFAULT|CUSTOM,
 * ReplicationConfigurationDataPlaneRouting PRIVATE_IP|PUBLIC_IP). A problem whose value was not
 * given becomes a manual action saying which flag would fix it. Security groups and EC2 EBS
 * encryption by default are left to the person (the rule's annotation says what to change).
 */

interface Needs {
  changes: MgnChanges;
  missing: string[];
}

function needs(s: ReplicationSettings, input: PlanInput): Needs {
  const out: Needs = { changes: {}, missing: [] };
  const requireCmk = input.params.requireCustomerManagedKey !== false;
  const key = s.ebsEncryptionKeyArn
    ? (input.facts.kmsKeys as Facts["kmsKeys"] | undefined)?.get(s.ebsEncryptionKeyArn)
    : undefined;
  const encrypted =
    (s.ebsEncryption === "DEFAULT" && !requireCmk) ||
    (s.ebsEncryption === "CUSTOM" && key?.enabled === true && (!requireCmk || key.keyManager === "CUSTOMER"));
  if (!encrypted) {
    const arn = input.values.ebsKmsKeyArn;
    if (arn) out.changes = { ebsEncryption: "CUSTOM", ebsEncryptionKeyArn: arn };
    else
      out.missing.push(
        "EBS encryption with a customer managed key (--ebs-kms-key ARN, stage setting ebsKmsKeyArn)",
      );
  }
  if (s.dataPlaneRouting !== "PRIVATE_IP" || s.createPublicIp !== false) {
    if (input.values.privateRouting) {
      if (s.dataPlaneRouting !== "PRIVATE_IP") out.changes.dataPlaneRouting = "PRIVATE_IP";
      if (s.createPublicIp !== false) out.changes.createPublicIP = false;
    } else
      out.missing.push(
        "private data routing and no public IP (--private-routing, stage setting privateRouting; needs private connectivity)",
      );
  }
  return out;
}

function observedOf(s: ReplicationSettings): MgnObserved {
  return {
    ebsEncryption: s.ebsEncryption,
    ebsEncryptionKeyArn: s.ebsEncryptionKeyArn,
    dataPlaneRouting: s.dataPlaneRouting,
    createPublicIP: s.createPublicIp,
  };
}

function describeChanges(changes: MgnChanges): string {
  return Object.entries(changes)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(" ");
}

function planMgnReplication(input: PlanInput): PlannedAction[] {
  const account = input.resource as MgnAccount;
  const targets: { label: string; settings: ReplicationSettings; template?: string; server?: string }[] = [
    ...account.templates.map((t) => ({
      label: t.label,
      settings: t,
      template: /^template (\S+)/.exec(t.label)?.[1],
    })),
    ...account.sourceServers.flatMap(({ server, replication }) =>
      replication ? [{ label: replication.label, settings: replication, server: server.sourceServerId }] : [],
    ),
  ];
  const actions: PlannedAction[] = [];
  for (const target of targets) {
    const { changes, missing } = needs(target.settings, input);
    const label = display(target.label);
    if (Object.keys(changes).length > 0) {
      const observed = observedOf(target.settings);
      if (target.template)
        actions.push(
          actionOf(
            input,
            `update replication template ${label}: ${describeChanges(changes)}`,
            [
              `mgn:UpdateReplicationConfigurationTemplate replicationConfigurationTemplateID=${target.template} ${describeChanges(changes)}`,
            ],
            { kind: "updateReplicationTemplate", templateId: target.template, changes, observed },
          ),
        );
      else if (target.server)
        actions.push(
          actionOf(
            input,
            `update replication configuration of ${label}: ${describeChanges(changes)}`,
            [
              `mgn:UpdateReplicationConfiguration sourceServerID=${target.server} ${describeChanges(changes)}`,
            ],
            { kind: "updateReplicationConfiguration", sourceServerId: target.server, changes, observed },
          ),
        );
    }
    if (missing.length > 0)
      actions.push(
        actionOf(input, `${label}: needs a value to remediate`, [], {
          kind: "manual",
          steps: missing.map((m) => `set ${m}`),
        }),
      );
  }
  return actions;
}

export { planMgnReplication };
