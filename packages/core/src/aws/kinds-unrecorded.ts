import type { UnrecordedDmsResource } from "../model/index.js";
import type { ResourceKindAccess } from "./kinds.js";
import type { AccountRead } from "./read.js";
import type { ApiSource } from "./source.js";

/**
 * A kind spanning a recorded kind (its base: replication instances, endpoints) and DMS resources
 * AWS Config does not record (replication configs, instance profiles, data providers). A
 * configuration item is always of the base kind; a periodic listing reads both, one listing per
 * operation; each unrecorded resource says its own type, id (ARN) and name.
 */

const UNRECORDED_TYPES: ReadonlySet<string> = new Set([
  "AWS::DMS::ReplicationConfig",
  "AWS::DMS::InstanceProfile",
  "AWS::DMS::DataProvider",
]);

/** Whether a resource of a spanning kind is one of the unrecorded DMS resources. */
function isUnrecorded(resource: unknown): resource is UnrecordedDmsResource {
  const type = (resource as { resourceType?: unknown } | null)?.resourceType;
  return typeof type === "string" && UNRECORDED_TYPES.has(type);
}

/**
 * The access of a kind of `base` resources (type `baseType`) plus the resources `list` maps from
 * the account read `read`. `base` is a thunk: the spanning kinds sit in the same table as their base.
 */
function spanning<A, B extends UnrecordedDmsResource>(
  base: () => ResourceKindAccess<A>,
  baseType: string,
  read: AccountRead,
  list: (output: unknown) => B[],
): ResourceKindAccess<A | B> {
  const baseOf = (resource: A | B) => resource as A;
  return {
    get operations() {
      return [...base().operations, read];
    },
    async list(source: ApiSource, scope) {
      const [recorded, unrecorded] = await Promise.all([
        base().list(source, scope),
        source.read(read).then(list),
      ]);
      return [...recorded, ...unrecorded];
    },
    fromConfigurationItem: (item) => {
      const map = base().fromConfigurationItem;
      if (!map) throw new Error(`${baseType} is not mapped from configuration items`);
      return map(item);
    },
    async completeFromApi(resource, item, source, facts) {
      const complete = base().completeFromApi;
      if (isUnrecorded(resource) || !complete) return { resource, unchecked: [] };
      return complete(baseOf(resource), item, source, facts);
    },
    resourceId: (r) => (isUnrecorded(r) ? r.arn : base().resourceId(baseOf(r))),
    resourceName: (r) => (isUnrecorded(r) ? r.identifier : base().resourceName(baseOf(r))),
    resourceTypeOf: (r) => (isUnrecorded(r) ? r.resourceType : baseType),
  };
}

export { isUnrecorded, spanning };
