import type { Facts, MgnAccount, ReplicationSettings } from "../../model/index.js";
import { describeIngress } from "../network.js";
import { param } from "../params.js";
import { defineRule, type Finding } from "../types.js";

/**
 * mgn-replication-settings — MGN replication servers are encrypted and not exposed to the internet.
 *
 * Source: docs/seeds/mgn-infrastructure-security.txt: "customers should use Amazon EBS encryption" and
 * "should secure their replication servers by reducing their exposure to the public internet ...
 * Using security groups to only allow permitted IP addresses to connect to the replication servers."
 *
 * Account-level (AWS::::Account, one evaluation per account and region): every replication
 * configuration template and every non-archived source server's replication configuration must use
 * ebsEncryption CUSTOM with an enabled customer managed KMS key (DEFAULT is accepted when
 * requireCustomerManagedKey is false), createPublicIP false, dataPlaneRouting PRIVATE_IP, and no
 * replication-server security group open to 0.0.0.0/0 or ::/0 — including MGN's default group
 * (associateDefaultSecurityGroup), which accepts TCP 1500 from anywhere. EC2 EBS encryption by
 * default must be on, since MGN's test and cutover instances use it.
 *
 * Scenarios: `scenarios` in the metadata below (one test each; `migration-guard explain` prints them).
 */

type SettingsFacts = Pick<Facts, "kmsKeys" | "securityGroups">;

function encryptionProblems(s: ReplicationSettings, requireCmk: boolean, facts: SettingsFacts): string[] {
  const mode = s.ebsEncryption ?? "unset";
  if (mode === "DEFAULT")
    return requireCmk
      ? [
          "EBS encryption uses the AWS managed key (ebsEncryption DEFAULT); use CUSTOM with a customer managed key",
        ]
      : [];
  if (mode !== "CUSTOM") return [`EBS encryption is ${mode}`];
  if (!s.ebsEncryptionKeyArn) return ["ebsEncryption CUSTOM without ebsEncryptionKeyArn"];
  const key = facts.kmsKeys.get(s.ebsEncryptionKeyArn);
  if (!key) return [`KMS key ${s.ebsEncryptionKeyArn} does not exist`];
  if (!key.enabled) return [`KMS key ${key.keyId} is ${key.keyState}`];
  if (requireCmk && key.keyManager !== "CUSTOMER")
    return [`KMS key ${key.keyId} is AWS managed; use a customer managed key`];
  return [];
}

function settingProblems(s: ReplicationSettings, requireCmk: boolean, facts: SettingsFacts): string[] {
  const problems = encryptionProblems(s, requireCmk, facts);
  if (s.createPublicIp !== false) problems.push(`createPublicIP is ${s.createPublicIp ?? "unset"}`);
  if (s.dataPlaneRouting !== "PRIVATE_IP")
    problems.push(`dataPlaneRouting is ${s.dataPlaneRouting ?? "unset"}`);
  if (s.associateDefaultSecurityGroup !== false)
    problems.push("uses MGN's default replication-server security group (TCP 1500 from 0.0.0.0/0)");
  for (const id of s.securityGroupIds) {
    const group = facts.securityGroups.get(id);
    if (!group) problems.push(`security group ${id} does not exist`);
    else if (group.openIngress.length > 0)
      problems.push(`security group ${id} allows ${group.openIngress.map(describeIngress).join(", ")}`);
  }
  return problems;
}

/** Short names of problem kinds, for the summary. */
function kindOf(problem: string): string {
  if (/EBS encryption|KMS key|ebsEncryption/.test(problem)) return "no customer managed EBS key";
  if (problem.startsWith("createPublicIP")) return "public IP";
  if (problem.startsWith("dataPlaneRouting")) return "public data routing";
  return "internet-open security groups";
}

function evaluateAccount(account: MgnAccount, requireCmk: boolean, facts: SettingsFacts): Finding {
  const settings = [
    ...account.templates,
    ...account.sourceServers.flatMap(({ replication }) => (replication ? [replication] : [])),
  ];
  if (settings.length === 0 && account.sourceServers.length === 0)
    return {
      compliance: "NOT_APPLICABLE",
      annotation: "MGN is not set up in this region (no templates, no source servers)",
    };
  const results = settings.map((s) => ({
    setting: s.label,
    problems: settingProblems(s, requireCmk, facts),
  }));
  const missing = account.sourceServers
    .filter((s) => s.replication === null)
    .map((s) => s.server.sourceServerId);
  const failing = results.filter((r) => r.problems.length > 0);
  const kinds = new Map<string, Set<string>>();
  for (const r of failing)
    for (const p of r.problems) {
      const set = kinds.get(kindOf(p)) ?? new Set<string>();
      set.add(r.setting);
      kinds.set(kindOf(p), set);
    }
  const parts = [...kinds].map(([kind, where]) => `${kind} on ${where.size}`);
  if (!account.ebsEncryptionByDefault) parts.push("EC2 EBS encryption by default is off");
  if (missing.length) parts.push(`no replication configuration for ${missing.length} source server(s)`);
  const details = {
    ebsEncryptionByDefault: account.ebsEncryptionByDefault,
    settings: results,
    ...(missing.length ? { sourceServersWithoutReplicationConfiguration: missing } : {}),
  };
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const checked = `${plural(account.templates.length, "template")}, ${plural(account.sourceServers.length, "source server")}`;
  if (parts.length === 0)
    return {
      compliance: "COMPLIANT",
      annotation: `MGN replication settings are encrypted and private (${checked}; EBS encryption by default on)`,
      details,
    };
  const first = failing[0];
  return {
    compliance: "NON_COMPLIANT",
    annotation: `${failing.length} of ${results.length} replication settings fail (${checked}): ${parts.join("; ")}${first ? `. First: ${first.setting}: ${first.problems[0]}` : ""}`,
    details,
  };
}

const rule = defineRule({
  name: "mgn-replication-settings",
  description:
    "MGN replication templates and source servers use EBS encryption with a customer managed key, private IPs and replication-server security groups closed to the internet; EC2 EBS encryption by default is on",
  resourceKind: "mgnAccount",
  triggers: { configurationChange: false, periodic: "TwentyFour_Hours" },
  parameters: {
    requireCustomerManagedKey: param.boolean(
      true,
      "Require ebsEncryption CUSTOM with a customer managed KMS key (false: DEFAULT is accepted too)",
    ),
  },
  facts: ["kmsKeys", "securityGroups"],
  severity: "high",
  remediation:
    "In MGN > Settings > Replication template (and each source server's replication settings): choose a customer managed EBS key, turn off public IP, use private IP routing, and use security groups that allow TCP 1500 only from the source network; enable EC2 EBS encryption by default",
  source: {
    document: "mgn-infrastructure-security.txt",
    text: "AWS Application Migration Service customers should use Amazon EBS encryption. AWS Application Migration Service customers should secure their replication servers by reducing their exposure to the public internet.",
  },
  scenarios: [
    "Given no templates and no source servers, Then NOT_APPLICABLE (MGN not set up in the region).",
    "Given a template with a customer managed key, private IP routing, no public IP, a closed security group and EBS encryption by default, Then COMPLIANT.",
    "Given a template with ebsEncryption DEFAULT, Then NON_COMPLIANT; with requireCustomerManagedKey false, Then COMPLIANT.",
    "Given ebsEncryption CUSTOM with an AWS managed, missing or disabled key, Then NON_COMPLIANT.",
    "Given createPublicIP true or dataPlaneRouting PUBLIC_IP, Then NON_COMPLIANT.",
    "Given associateDefaultSecurityGroup true, Then NON_COMPLIANT.",
    "Given a replication-server security group allowing ingress from 0.0.0.0/0 or ::/0, or one that does not exist, Then NON_COMPLIANT.",
    "Given a source server whose replication configuration differs from the compliant template, Then NON_COMPLIANT naming the server.",
    "Given EBS encryption by default off, Then NON_COMPLIANT.",
    "Given several failures, Then the annotation summarises them and details lists each setting's problems.",
  ],
  references(account) {
    const all = [
      ...account.templates,
      ...account.sourceServers.flatMap((s) => (s.replication ? [s.replication] : [])),
    ];
    return {
      kmsKeys: all.map((s) => (s.ebsEncryption === "CUSTOM" ? s.ebsEncryptionKeyArn : undefined)),
      securityGroups: all.flatMap((s) => s.securityGroupIds),
    };
  },
  evaluate(account, params, { facts }) {
    return evaluateAccount(account, params.requireCustomerManagedKey, facts);
  },
});

export { rule };
