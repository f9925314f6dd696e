import type { RecordedItem } from "../model/configuration-item.js";
import type { FactName, ResourceKindName, ResourceKinds } from "../model/index.js";
import { type Collected, resourceTypesOf } from "../model/resource-types.js";
import { kindAccess, type Scope } from "./kinds.js";
import type { ApiSource } from "./source.js";

/**
 * The collector: resources of a kind, each with its identity as AWS Config records it (resource
 * type, id and name), so that what follows (the rule, the evaluation) never calls back into aws/.
 */

/** Every resource of the kind in the account and region (the periodic path). */
async function collectAll<K extends ResourceKindName>(
  kindName: K,
  source: ApiSource,
  scope: Scope,
): Promise<Collected<ResourceKinds[K]>[]> {
  const kind = kindAccess(kindName);
  const [resourceType] = resourceTypesOf(kindName);
  return (await kind.list(source, scope)).map((model) => ({
    resourceType: kind.resourceTypeOf?.(model) ?? resourceType,
    resourceId: kind.resourceId(model),
    resourceName: kind.resourceName(model),
    model,
  }));
}

/**
 * The resource of a configuration item (the change-triggered path), identified by the item's type
 * and id, completed through the API with what the rule's facts need and the item does not record;
 * what stays unknown is `unchecked`. Undefined when the kind does not map configuration items.
 */
async function collectItem<K extends ResourceKindName>(
  kindName: K,
  item: RecordedItem,
  source: ApiSource,
  facts: readonly FactName[],
): Promise<{ collected: Collected<ResourceKinds[K]>; unchecked: readonly string[] } | undefined> {
  const kind = kindAccess(kindName);
  if (!kind.fromConfigurationItem) return undefined;
  let model = kind.fromConfigurationItem(item);
  let unchecked: readonly string[] = [];
  // What AWS Config records is not all the API returns: read what the rule needs and the item lacks.
  if (kind.completeFromApi) {
    const completed = await kind.completeFromApi(model, item, source, facts);
    model = completed.resource;
    unchecked = completed.unchecked;
  }
  const collected = {
    resourceType: item.resourceType,
    resourceId: item.resourceId,
    resourceName: kind.resourceName(model),
    model,
  };
  return { collected, unchecked };
}

export { collectAll, collectItem };
