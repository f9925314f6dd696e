import type { ConfigurationItem } from "../config/items.js";
import type { ResourceKindName, ResourceKinds } from "../model/index.js";
import { certificatesFromApi, endpointsFromApi, tagsFromList, toEndpoint } from "./dms.js";
import { dmsDescribeCertificates, dmsDescribeEndpoints, type Operation } from "./operations.js";
import type { ApiSource } from "./source.js";

/**
 * How each resource kind is collected for a periodic run, mapped from a configuration item
 * for a change-triggered run, and identified the way AWS Config records it.
 */
interface ResourceKindAccess<M> {
  resourceType: string;
  /** The operations a periodic listing makes (their IAM actions are granted to the rule's function). */
  operations: readonly Operation[];
  list(source: ApiSource): Promise<M[]>;
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
};

function kindAccess<K extends ResourceKindName>(name: K): ResourceKindAccess<ResourceKinds[K]> {
  return KINDS[name];
}

export type { ResourceKindAccess };
export { KINDS, kindAccess };
