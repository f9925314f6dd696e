import type { MgnSourceServer, ReplicationSettings, SecurityGroup } from "../model/index.js";
import { list, optBool, optList, optNum, optRecord, optStr, record, str } from "../util/read.js";

/** MGN and EC2 API outputs mapped to the model (shapes as in the MGN and EC2 API references). */

function sourceServersFromApi(output: unknown): MgnSourceServer[] {
  const base = "mgn.DescribeSourceServers";
  const items = list(record(output, base).items, `${base}.items`);
  return items.map((raw, i) => {
    const path = `${base}.items[${i}]`;
    const s = record(raw, path);
    const lifeCycle = optRecord(s.lifeCycle, `${path}.lifeCycle`);
    const hints = optRecord(
      optRecord(s.sourceProperties, `${path}.sourceProperties`)?.identificationHints,
      `${path}.sourceProperties.identificationHints`,
    );
    return {
      sourceServerId: str(s.sourceServerID, `${path}.sourceServerID`),
      arn: optStr(s.arn, `${path}.arn`),
      hostname: optStr(hints?.hostname, `${path}.sourceProperties.identificationHints.hostname`),
      state: optStr(lifeCycle?.state, `${path}.lifeCycle.state`),
      isArchived: optBool(s.isArchived, `${path}.isArchived`) ?? false,
    };
  });
}

function toReplicationSettings(raw: unknown, path: string, label: string): ReplicationSettings {
  const r = record(raw, path);
  return {
    label,
    ebsEncryption: optStr(r.ebsEncryption, `${path}.ebsEncryption`),
    ebsEncryptionKeyArn: optStr(r.ebsEncryptionKeyArn, `${path}.ebsEncryptionKeyArn`),
    createPublicIp: optBool(r.createPublicIP, `${path}.createPublicIP`),
    dataPlaneRouting: optStr(r.dataPlaneRouting, `${path}.dataPlaneRouting`),
    associateDefaultSecurityGroup: optBool(
      r.associateDefaultSecurityGroup,
      `${path}.associateDefaultSecurityGroup`,
    ),
    securityGroupIds: optList(
      r.replicationServersSecurityGroupsIDs,
      `${path}.replicationServersSecurityGroupsIDs`,
    ).map((id, k) => str(id, `${path}.replicationServersSecurityGroupsIDs[${k}]`)),
  };
}

function templatesFromApi(output: unknown): ReplicationSettings[] {
  const base = "mgn.DescribeReplicationConfigurationTemplates";
  const items = list(record(output, base).items, `${base}.items`);
  return items.map((raw, i) => {
    const path = `${base}.items[${i}]`;
    const id = str(
      record(raw, path).replicationConfigurationTemplateID,
      `${path}.replicationConfigurationTemplateID`,
    );
    return toReplicationSettings(raw, path, `template ${id}`);
  });
}

function serverLabel(server: MgnSourceServer): string {
  return `source server ${server.sourceServerId}${server.hostname ? ` (${server.hostname})` : ""}`;
}

function replicationFromApi(output: unknown, server: MgnSourceServer): ReplicationSettings {
  return toReplicationSettings(
    output,
    `mgn.GetReplicationConfiguration[${JSON.stringify(server.sourceServerId)}]`,
    serverLabel(server),
  );
}

function ebsEncryptionByDefaultFromApi(output: unknown): boolean {
  const path = "ec2.GetEbsEncryptionByDefault";
  return optBool(record(output, path).EbsEncryptionByDefault, `${path}.EbsEncryptionByDefault`) ?? false;
}

const OPEN_CIDRS = new Set(["0.0.0.0/0", "::/0"]);

function portText(protocol: string, from: number | undefined, to: number | undefined): string {
  if (protocol === "-1") return "all traffic";
  if (from === undefined || from === to) return `${protocol} ${from ?? "all"}`;
  return `${protocol} ${from}-${to}`;
}

function securityGroupFromApi(output: unknown, groupId: string): SecurityGroup | null {
  const path = `ec2.DescribeSecurityGroups[${JSON.stringify(groupId)}]`;
  const groups = optList(record(output, path).SecurityGroups, `${path}.SecurityGroups`);
  const raw = groups.find(
    (g, i) =>
      str(record(g, `${path}.SecurityGroups[${i}]`).GroupId, `${path}.SecurityGroups[${i}].GroupId`) ===
      groupId,
  );
  if (!raw) return null;
  const g = record(raw, path);
  const openIngress: string[] = [];
  for (const [i, permRaw] of optList(g.IpPermissions, `${path}.IpPermissions`).entries()) {
    const p = `${path}.IpPermissions[${i}]`;
    const perm = record(permRaw, p);
    const ports = portText(
      optStr(perm.IpProtocol, `${p}.IpProtocol`) ?? "-1",
      optNum(perm.FromPort, `${p}.FromPort`),
      optNum(perm.ToPort, `${p}.ToPort`),
    );
    for (const [k, r] of optList(perm.IpRanges, `${p}.IpRanges`).entries()) {
      const cidr = optStr(record(r, `${p}.IpRanges[${k}]`).CidrIp, `${p}.IpRanges[${k}].CidrIp`);
      if (cidr && OPEN_CIDRS.has(cidr)) openIngress.push(`${ports} from ${cidr}`);
    }
    for (const [k, r] of optList(perm.Ipv6Ranges, `${p}.Ipv6Ranges`).entries()) {
      const cidr = optStr(record(r, `${p}.Ipv6Ranges[${k}]`).CidrIpv6, `${p}.Ipv6Ranges[${k}].CidrIpv6`);
      if (cidr && OPEN_CIDRS.has(cidr)) openIngress.push(`${ports} from ${cidr}`);
    }
  }
  return { groupId, groupName: optStr(g.GroupName, `${path}.GroupName`), openIngress };
}

export {
  ebsEncryptionByDefaultFromApi,
  replicationFromApi,
  securityGroupFromApi,
  serverLabel,
  sourceServersFromApi,
  templatesFromApi,
};
