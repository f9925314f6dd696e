import type { DmsInstanceProfile, DmsReplicationInstance, Facts } from "../../model/index.js";
import { describeIngress } from "../network.js";
import { param } from "../params.js";
import { defineRule } from "../types.js";

/**
 * dms-replication-instance-not-public — replication instances are not reachable from the internet.
 *
 * Source: docs/seeds/dms-data-protection.txt (Data protection in AWS DMS, internetwork traffic
 * privacy): connections between DMS and its endpoints are protected inside the VPCs of a Region;
 * "For more information about the security considerations when using these network
 * configurations, see Network security for AWS Database Migration Service". AWS Security Hub
 * DMS.1 ("Database Migration Service replication instances should not be public"); the optional
 * DMS.13 (Multi-AZ) and DMS.6 (automatic minor version upgrade) checks join this rule's report.
 *
 * DMS Schema Conversion instance profiles (DescribeInstanceProfiles) join it: "A value of true
 * represents an instance profile with a public IP address ... The default value is true." (DMS API
 * model, InstanceProfile.PubliclyAccessible). Unlike an instance's, a profile's PubliclyAccessible
 * can be changed in place: ModifyInstanceProfile takes PubliclyAccessible. Multi-AZ and minor
 * version upgrades do not apply to instance profiles.
 *
 * Scenarios: `scenarios` in the metadata below (one test each; `migration-guard explain` prints them).
 */

/** Security groups of the instance that accept traffic from any address, as `sg-1 (tcp 5432 from 0.0.0.0/0)`. */
function openGroups(
  instance: DmsReplicationInstance | DmsInstanceProfile,
  groups: Facts["securityGroups"],
): string[] {
  const found: string[] = [];
  for (const id of instance.vpcSecurityGroupIds) {
    const group = groups.get(id);
    const first = group?.openIngress[0];
    if (group && first) found.push(`${group.groupId} (${describeIngress(first)})`);
  }
  return found;
}

function isProfile(r: DmsReplicationInstance | DmsInstanceProfile): r is DmsInstanceProfile {
  return "resourceType" in r && r.resourceType === "AWS::DMS::InstanceProfile";
}

/** How to make a public host private: recreate an instance; modify a profile in place. */
function makePrivate(r: DmsReplicationInstance | DmsInstanceProfile): string {
  return isProfile(r)
    ? "set PubliclyAccessible false with ModifyInstanceProfile"
    : "recreate it with PubliclyAccessible false";
}

const rule = defineRule({
  name: "dms-replication-instance-not-public",
  description:
    "DMS replication instances and Schema Conversion instance profiles are not publicly accessible (and, optionally, instances are Multi-AZ and upgrade minor versions automatically)",
  resourceKind: "dmsReplicationHost",
  triggers: { configurationChange: true, periodic: "TwentyFour_Hours" },
  parameters: {
    requireMultiAz: param.boolean(false, "also require MultiAZ (Security Hub DMS.13)"),
    requireAutoMinorVersionUpgrade: param.boolean(
      false,
      "also require AutoMinorVersionUpgrade (Security Hub DMS.6)",
    ),
  },
  facts: ["securityGroups"],
  severity: "high",
  remediation:
    "PubliclyAccessible cannot be changed: create a private replication instance (PubliclyAccessible false) in private subnets, move the tasks, delete the public one; remove 0.0.0.0/0 and ::/0 ingress from its security groups; an instance profile is changed in place: ModifyInstanceProfile with PubliclyAccessible false",
  source: {
    document: "dms-data-protection.txt",
    text: "For more information about the security considerations when using these network configurations, see Network security for AWS Database Migration Service.",
  },
  scenarios: [
    "Given a private instance, Then COMPLIANT.",
    "Given a publicly accessible instance whose security groups allow no ingress from anywhere, Then NON_COMPLIANT.",
    "Given a publicly accessible instance whose security group allows ingress from 0.0.0.0/0, Then NON_COMPLIANT saying it is reachable from the internet (critical).",
    "Given a publicly accessible instance whose security group allows ingress from ::/0, Then NON_COMPLIANT the same way.",
    "Given a configuration item without PubliclyAccessible, Then NON_COMPLIANT: DMS defaults it to true.",
    "Given a private instance whose security group is open to 0.0.0.0/0, Then COMPLIANT with a note to narrow the group.",
    "Given requireMultiAz true and a Single-AZ private instance, Then NON_COMPLIANT (Security Hub DMS.13).",
    "Given requireAutoMinorVersionUpgrade true and AutoMinorVersionUpgrade false, Then NON_COMPLIANT (Security Hub DMS.6).",
    "Given a Schema Conversion instance profile with PubliclyAccessible false, Then COMPLIANT (Multi-AZ and minor version checks do not apply).",
    "Given an instance profile without PubliclyAccessible, Then NON_COMPLIANT: the API model's default is true; advice: ModifyInstanceProfile with PubliclyAccessible false.",
  ],
  references: (instance) => ({ securityGroups: instance.vpcSecurityGroupIds }),
  evaluate(instance, params, { facts }) {
    const open = openGroups(instance, facts.securityGroups);
    // DMS creates instances with PubliclyAccessible true unless told otherwise.
    const isPublic = instance.publiclyAccessible ?? true;
    const byDefault = instance.publiclyAccessible === undefined ? " (DMS default)" : "";
    const problems: string[] = [];
    let severity: "high" | "critical" | undefined;
    if (isPublic && open.length > 0) {
      severity = "critical";
      problems.push(
        `publicly accessible${byDefault} and reachable from the internet: security group ${open.join(", ")}; ${makePrivate(instance)} and remove the open ingress`,
      );
    } else if (isPublic) {
      severity = "high";
      problems.push(
        `publicly accessible${byDefault}; ${makePrivate(instance)}${isProfile(instance) ? "" : " in private subnets"}`,
      );
    }
    const host = isProfile(instance) ? undefined : instance;
    if (host && params.requireMultiAz && host.multiAz !== true)
      problems.push("not Multi-AZ (DMS.13): modify it with MultiAZ true");
    if (host && params.requireAutoMinorVersionUpgrade && host.autoMinorVersionUpgrade !== true)
      problems.push("AutoMinorVersionUpgrade is off (DMS.6): enable it");
    const details = { publiclyAccessible: isPublic, openSecurityGroups: open, severity };
    if (problems.length > 0) return { compliance: "NON_COMPLIANT", annotation: problems.join("; "), details };
    return {
      compliance: "COMPLIANT",
      annotation:
        open.length > 0
          ? `not publicly accessible; security group ${open.join(", ")} is still open: narrow it`
          : "not publicly accessible",
      details,
    };
  },
});

export { rule };
