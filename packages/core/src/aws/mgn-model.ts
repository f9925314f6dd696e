import type { MgnSourceServer, ReplicationSettings } from "../model/index.js";
import { getEbsEncryptionByDefault } from "./schemas/ec2.js";
import {
  describeReplicationConfigurationTemplates,
  describeSourceServers,
  getReplicationConfiguration,
  replicationModel,
} from "./schemas/mgn.js";
import { parseAt } from "./schemas/parse.js";

/** MGN and EC2 API outputs → model, through the schemas of aws/schemas/mgn.ts and ec2.ts. */

function sourceServersFromApi(output: unknown): MgnSourceServer[] {
  return parseAt(describeSourceServers, output, "mgn.DescribeSourceServers").items;
}

function templatesFromApi(output: unknown): ReplicationSettings[] {
  return parseAt(
    describeReplicationConfigurationTemplates,
    output,
    "mgn.DescribeReplicationConfigurationTemplates",
  ).items;
}

function serverLabel(server: MgnSourceServer): string {
  return `source server ${server.sourceServerId}${server.hostname ? ` (${server.hostname})` : ""}`;
}

function replicationFromApi(output: unknown, server: MgnSourceServer): ReplicationSettings {
  const path = `mgn.GetReplicationConfiguration[${JSON.stringify(server.sourceServerId)}]`;
  return replicationModel(parseAt(getReplicationConfiguration, output, path), serverLabel(server));
}

function ebsEncryptionByDefaultFromApi(output: unknown): boolean {
  return parseAt(getEbsEncryptionByDefault, output, "ec2.GetEbsEncryptionByDefault");
}

export {
  ebsEncryptionByDefaultFromApi,
  replicationFromApi,
  serverLabel,
  sourceServersFromApi,
  templatesFromApi,
};
