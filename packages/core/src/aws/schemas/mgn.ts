import * as z from "zod";
import { mapped, optArray, optBoolean, optDisplayString, optObject, optString } from "./parse.js";

/**
 * MGN API outputs: DescribeSourceServers, DescribeReplicationConfigurationTemplates and
 * GetReplicationConfiguration (MGN's JSON names are camelCase).
 */

const sourceServer = mapped(
  z.object({
    sourceServerID: z.string(),
    arn: optString,
    isArchived: optBoolean,
    /** lifeCycle.state, e.g. READY_FOR_TEST, CUTOVER, DISCONNECTED. */
    lifeCycle: optObject(z.object({ state: optString })),
    sourceProperties: optObject(
      z.object({ identificationHints: optObject(z.object({ hostname: optDisplayString })) }),
    ),
  }),
  (s) => ({
    sourceServerId: s.sourceServerID,
    arn: s.arn,
    hostname: s.sourceProperties?.identificationHints?.hostname,
    state: s.lifeCycle?.state,
    isArchived: s.isArchived ?? false,
  }),
);

/** DescribeSourceServers output (merged pages). */
const describeSourceServers = z.object({ items: z.array(sourceServer) });

/** The replication settings GetReplicationConfiguration and a replication configuration template share. */
const replicationFields = z.object({
  ebsEncryption: optString,
  ebsEncryptionKeyArn: optString,
  createPublicIP: optBoolean,
  dataPlaneRouting: optString,
  associateDefaultSecurityGroup: optBoolean,
  replicationServersSecurityGroupsIDs: optArray(z.string()),
});

/** Settings → model; `label` says whose settings they are (`template <id>`, `source server <id> (<hostname>)`). */
function replicationModel(r: z.output<typeof replicationFields>, label: string) {
  return {
    label,
    ebsEncryption: r.ebsEncryption,
    ebsEncryptionKeyArn: r.ebsEncryptionKeyArn,
    createPublicIp: r.createPublicIP,
    dataPlaneRouting: r.dataPlaneRouting,
    associateDefaultSecurityGroup: r.associateDefaultSecurityGroup,
    securityGroupIds: r.replicationServersSecurityGroupsIDs,
  };
}

/** DescribeReplicationConfigurationTemplates output (merged pages). */
const describeReplicationConfigurationTemplates = z.object({
  items: z.array(
    mapped(replicationFields.extend({ replicationConfigurationTemplateID: z.string() }), (t) =>
      replicationModel(t, `template ${t.replicationConfigurationTemplateID}`),
    ),
  ),
});

/** GetReplicationConfiguration output (one source server; labelled by the caller). */
const getReplicationConfiguration = replicationFields;

type MgnSourceServer = z.output<typeof sourceServer>;
type ReplicationSettings = ReturnType<typeof replicationModel>;

export type { MgnSourceServer, ReplicationSettings };
export {
  describeReplicationConfigurationTemplates,
  describeSourceServers,
  getReplicationConfiguration,
  replicationModel,
};
