import type { MgnSourceServer, ReplicationSettings } from "../model/index.js";
import { list, optBool, optList, optRecord, optStr, record, str } from "../util/read.js";

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

export {
  ebsEncryptionByDefaultFromApi,
  replicationFromApi,
  serverLabel,
  sourceServersFromApi,
  templatesFromApi,
};
