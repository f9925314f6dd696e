import type { ConfigurationItem } from "../config/items.js";
import { MalformedInputError } from "../errors.js";
import type { ResourceKindName, ResourceKinds } from "../model/index.js";
import { certificatesFromApi, endpointsFromApi, tagsFromList, toEndpoint } from "./dms.js";
import { userFromConfiguration, usersFromApi } from "./iam.js";
import {
  ebsEncryptionByDefaultFromApi,
  replicationFromApi,
  sourceServersFromApi,
  templatesFromApi,
} from "./mgn-model.js";
import {
  dmsDescribeCertificates,
  dmsDescribeEndpoints,
  ec2GetEbsEncryptionByDefault,
  iamGetAccountAuthorizationDetails,
  mgnDescribeReplicationConfigurationTemplates,
  mgnDescribeSourceServers,
  mgnGetReplicationConfiguration,
  type Operation,
} from "./operations.js";
import type { ApiSource } from "./source.js";

/**
 * How each resource kind is collected for a periodic run, mapped from a configuration item
 * for a change-triggered run, and identified the way AWS Config records it.
 */
/** Where a run happens: the account id (from the Config event or the CLI) for account-level kinds. */
interface Scope {
  accountId: string | undefined;
}

interface ResourceKindAccess<M> {
  resourceType: string;
  /** The operations a periodic listing makes (their IAM actions are granted to the rule's function). */
  operations: readonly Operation[];
  list(source: ApiSource, scope: Scope): Promise<M[]>;
  /** Map a configuration item; undefined when the kind is not recorded by Config (periodic only). */
  fromConfigurationItem?(item: ConfigurationItem & { configuration: Record<string, unknown> }): M;
  resourceId(resource: M): string;
  resourceName(resource: M): string;
}

type KindTable = { [K in ResourceKindName]: ResourceKindAccess<ResourceKinds[K]> };

const KINDS: KindTable = {
  dmsEndpoint: {
    resourceType: "AWS::DMS::Endpoint",
    operations: [dmsDescribeEndpoints],
    list: async (source) => endpointsFromApi(await source.list(dmsDescribeEndpoints)),
    fromConfigurationItem(item) {
      const c = item.configuration;
      const arn = item.arn ?? (typeof c.Id === "string" && c.Id.startsWith("arn:") ? c.Id : item.resourceId);
      const tags = c.Tags !== undefined ? tagsFromList(c.Tags, "configuration.Tags") : item.tags;
      return toEndpoint(c, "configuration", arn, tags);
    },
    resourceId: (e) => e.arn,
    resourceName: (e) => e.identifier,
  },
  dmsCertificate: {
    resourceType: "AWS::DMS::Certificate",
    operations: [dmsDescribeCertificates],
    list: async (source) => certificatesFromApi(await source.list(dmsDescribeCertificates)),
    resourceId: (c) => c.arn,
    resourceName: (c) => c.identifier,
  },
  iamUser: {
    resourceType: "AWS::IAM::User",
    operations: [iamGetAccountAuthorizationDetails],
    list: async (source) => usersFromApi(await source.list(iamGetAccountAuthorizationDetails)),
    fromConfigurationItem: (item) => userFromConfiguration(item.configuration, item.resourceId),
    resourceId: (u) => u.userId,
    resourceName: (u) => u.userName,
  },
  mgnAccount: {
    resourceType: "AWS::::Account",
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
      const [servers, templates, ebs] = await Promise.all([
        source.list(mgnDescribeSourceServers).then(sourceServersFromApi),
        source.list(mgnDescribeReplicationConfigurationTemplates).then(templatesFromApi),
        source.list(ec2GetEbsEncryptionByDefault).then(ebsEncryptionByDefaultFromApi),
      ]);
      // Archived servers no longer replicate; MGN has no bulk read of replication configurations.
      const sourceServers = await Promise.all(
        servers
          .filter((server) => !server.isArchived)
          .map(async (server) => {
            const output = await source.get(mgnGetReplicationConfiguration, server.sourceServerId);
            return { server, replication: output === null ? null : replicationFromApi(output, server) };
          }),
      );
      return [{ accountId, templates, sourceServers, ebsEncryptionByDefault: ebs }];
    },
    resourceId: (a) => a.accountId,
    resourceName: (a) => `account ${a.accountId}`,
  },
};

function kindAccess<K extends ResourceKindName>(name: K): ResourceKindAccess<ResourceKinds[K]> {
  return KINDS[name];
}

export type { ResourceKindAccess, Scope };
export { KINDS, kindAccess };
