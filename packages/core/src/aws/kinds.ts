import { MalformedInputError } from "../errors.js";
import type { RecordedItem } from "../model/configuration-item.js";
import { dmsResourceModel } from "../model/dms-resource.js";
import type { FactName, ResourceKindName, ResourceKinds } from "../model/index.js";
import { certificatesFromApi, endpointsFromApi, tagsFromList, toCertificate, toEndpoint } from "./dms.js";
import {
  replicationInstancesFromApi,
  replicationTasksFromApi,
  replicationTasksWithSettings,
  toReplicationInstance,
} from "./dms-replication.js";
import {
  dataProvidersFromApi,
  instanceProfilesFromApi,
  replicationConfigsFromApi,
} from "./dms-serverless.js";
import { userFromConfiguration, usersFromApi } from "./iam.js";
import {
  type Completed,
  completeCertificate,
  completeReplicationInstance,
  completeUser,
} from "./item-completion.js";
import { spanning } from "./kinds-unrecorded.js";
import {
  ebsEncryptionByDefaultFromApi,
  replicationFromApi,
  sourceServersFromApi,
  templatesFromApi,
} from "./mgn-model.js";
import {
  dmsDescribeCertificates,
  dmsDescribeDataProviders,
  dmsDescribeEndpoints,
  dmsDescribeInstanceProfiles,
  dmsDescribeReplicationConfigs,
  dmsDescribeReplicationInstances,
  dmsDescribeReplicationTasks,
  ec2GetEbsEncryptionByDefault,
  iamGetAccountAuthorizationDetails,
  mgnDescribeReplicationConfigurationTemplates,
  mgnDescribeSourceServers,
  mgnGetReplicationConfiguration,
  type Read,
} from "./read.js";
import type { ApiSource } from "./source.js";

/** Where a run happens: the account id (from the Config event or the CLI) for account-level kinds. */
interface Scope {
  accountId: string | undefined;
}

/**
 * How each resource kind is collected for a periodic run, mapped from a configuration item
 * for a change-triggered run, and identified the way AWS Config records it (its resource types are
 * declared in model/resource-types.ts; aws/collect.ts gives each resource its identity).
 */
interface ResourceKindAccess<M> {
  /** The operations a periodic listing makes (their IAM actions are granted to the rule's function). */
  operations: readonly Read[];
  list(source: ApiSource, scope: Scope): Promise<M[]>;
  /** Map a configuration item; undefined when the kind is not recorded by Config (periodic only). */
  fromConfigurationItem?(item: RecordedItem): M;
  /**
   * Read through the API what the rule (by its facts) needs and the configuration item does not
   * record (item-completion.ts); what stays unknown is returned as `unchecked`.
   */
  completeFromApi?(
    resource: M,
    item: RecordedItem,
    source: ApiSource,
    facts: readonly FactName[],
  ): Promise<Completed<M>>;
  resourceId(resource: M): string;
  resourceName(resource: M): string;
  /** For a kind spanning several resource types: each resource's own AWS Config resource type. */
  resourceTypeOf?(resource: M): string;
}

/** The ARN of a configuration item's resource: the item's ARN, else an ARN-shaped Id, else its resource id. */
function itemArn(item: RecordedItem): string {
  const id = item.configuration.Id;
  return item.arn ?? (typeof id === "string" && id.startsWith("arn:") ? id : item.resourceId);
}

function itemTags(item: RecordedItem) {
  const c = item.configuration;
  return c.Tags !== undefined ? tagsFromList(c.Tags, "configuration.Tags") : item.tags;
}

type KindTable = { [K in ResourceKindName]: ResourceKindAccess<ResourceKinds[K]> };

const KINDS: KindTable = {
  dmsEndpoint: {
    operations: [dmsDescribeEndpoints],
    list: async (source) => endpointsFromApi(await source.read(dmsDescribeEndpoints)),
    fromConfigurationItem: (item) =>
      toEndpoint(item.configuration, "configuration", itemArn(item), itemTags(item)),
    resourceId: (e) => e.arn,
    resourceName: (e) => e.identifier,
  },
  dmsCertificate: {
    operations: [dmsDescribeCertificates],
    list: async (source) => certificatesFromApi(await source.read(dmsDescribeCertificates)),
    fromConfigurationItem: (item) => toCertificate(item.configuration, "configuration", itemArn(item)),
    completeFromApi: (certificate, item, source) => completeCertificate(certificate, item, source),
    resourceId: (c) => c.arn,
    resourceName: (c) => c.identifier,
  },
  iamUser: {
    operations: [iamGetAccountAuthorizationDetails],
    list: async (source) => usersFromApi(await source.read(iamGetAccountAuthorizationDetails)),
    // Config keeps the user's tags in the item's `tags` map; the configuration may carry them too.
    fromConfigurationItem: (item) =>
      userFromConfiguration(
        item.configuration.tags === undefined
          ? { ...item.configuration, tags: Object.entries(item.tags).map(([key, value]) => ({ key, value })) }
          : item.configuration,
        item.resourceId,
      ),
    completeFromApi: completeUser,
    resourceId: (u) => u.userId,
    resourceName: (u) => u.userName,
  },
  mgnAccount: {
    operations: [
      mgnDescribeSourceServers,
      mgnDescribeReplicationConfigurationTemplates,
      mgnGetReplicationConfiguration,
      ec2GetEbsEncryptionByDefault,
    ],
    async list(source, scope) {
      const accountId = scope.accountId;
      if (!accountId || !/^\d{12}$/.test(accountId))
        throw new MalformedInputError(
          "account-level evaluation needs the 12-digit account id (event.accountId or the CLI's account)",
        );
      const [servers, templates] = await Promise.all([
        source.read(mgnDescribeSourceServers).then(sourceServersFromApi),
        source.read(mgnDescribeReplicationConfigurationTemplates).then(templatesFromApi),
      ]);
      // Archived servers no longer replicate; MGN has no bulk read of replication configurations.
      const active = servers.filter((server) => !server.isArchived);
      // Without MGN in the region (no template, no source server) EBS encryption by default is not read.
      const [ebs, sourceServers] = await Promise.all([
        templates.length > 0 || active.length > 0
          ? source.read(ec2GetEbsEncryptionByDefault).then(ebsEncryptionByDefaultFromApi)
          : undefined,
        Promise.all(
          active.map(async (server) => {
            const output = await source.lookup(mgnGetReplicationConfiguration, server.sourceServerId);
            return { server, replication: output === null ? null : replicationFromApi(output, server) };
          }),
        ),
      ]);
      return [{ accountId, templates, sourceServers, ebsEncryptionByDefault: ebs }];
    },
    resourceId: (a) => a.accountId,
    resourceName: (a) => `account ${a.accountId}`,
  },
  dmsReplicationInstance: {
    operations: [dmsDescribeReplicationInstances],
    list: async (source) => replicationInstancesFromApi(await source.read(dmsDescribeReplicationInstances)),
    fromConfigurationItem: (item) =>
      toReplicationInstance(item.configuration, "configuration", itemArn(item), itemTags(item)),
    completeFromApi: completeReplicationInstance,
    resourceId: (r) => r.arn,
    resourceName: (r) => r.identifier,
  },
  dmsReplicationTask: {
    operations: [dmsDescribeReplicationTasks],
    // Tasks with their settings (a task read without them is an input error).
    list: async (source) => replicationTasksWithSettings(await source.read(dmsDescribeReplicationTasks)),
    resourceId: (t) => t.arn,
    resourceName: (t) => t.identifier,
  },
  /** Every DMS resource a periodic rule spanning DMS resource types looks at, each with its own type. */
  dmsResource: {
    operations: [
      dmsDescribeEndpoints,
      dmsDescribeReplicationInstances,
      dmsDescribeReplicationTasks,
      dmsDescribeCertificates,
      dmsDescribeReplicationConfigs,
    ],
    async list(source) {
      const [endpoints, instances, tasks, certificates, configs] = await Promise.all([
        source.read(dmsDescribeEndpoints).then(endpointsFromApi),
        source.read(dmsDescribeReplicationInstances).then(replicationInstancesFromApi),
        source.read(dmsDescribeReplicationTasks).then(replicationTasksFromApi),
        source.read(dmsDescribeCertificates).then(certificatesFromApi),
        source.read(dmsDescribeReplicationConfigs).then(replicationConfigsFromApi),
      ]);
      return [
        ...endpoints.map((endpoint) => ({ resourceType: "AWS::DMS::Endpoint" as const, endpoint })),
        ...instances.map((replicationInstance) => ({
          resourceType: "AWS::DMS::ReplicationInstance" as const,
          replicationInstance,
        })),
        ...tasks.map((replicationTask) => ({
          resourceType: "AWS::DMS::ReplicationTask" as const,
          replicationTask,
        })),
        ...certificates.map((certificate) => ({
          resourceType: "AWS::DMS::Certificate" as const,
          certificate,
        })),
        ...configs.map((replicationConfig) => ({
          resourceType: "AWS::DMS::ReplicationConfig" as const,
          replicationConfig,
        })),
      ];
    },
    resourceId: (r) => dmsResourceModel(r).arn,
    resourceName: (r) => dmsResourceModel(r).identifier,
    resourceTypeOf: (r) => r.resourceType,
  },
  // Kinds spanning a recorded DMS type and one AWS Config does not record (aws/kinds-unrecorded.ts).
  dmsReplicationStorage: spanning(
    () => KINDS.dmsReplicationInstance,
    "AWS::DMS::ReplicationInstance",
    dmsDescribeReplicationConfigs,
    replicationConfigsFromApi,
  ),
  dmsReplicationHost: spanning(
    () => KINDS.dmsReplicationInstance,
    "AWS::DMS::ReplicationInstance",
    dmsDescribeInstanceProfiles,
    instanceProfilesFromApi,
  ),
  dmsConnection: spanning(
    () => KINDS.dmsEndpoint,
    "AWS::DMS::Endpoint",
    dmsDescribeInstanceProfiles,
    instanceProfilesFromApi,
  ),
  dmsDatabaseConnection: spanning(
    () => KINDS.dmsEndpoint,
    "AWS::DMS::Endpoint",
    dmsDescribeDataProviders,
    dataProvidersFromApi,
  ),
};

function kindAccess<K extends ResourceKindName>(name: K): ResourceKindAccess<ResourceKinds[K]> {
  return KINDS[name];
}

export type { ResourceKindAccess, Scope };
export { KINDS, kindAccess };
