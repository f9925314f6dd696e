import { batcher } from "./batch.js";
import type { AwsClients } from "./clients.js";
import { errorName } from "./errors.js";

/**
 * ARNs per ListTagsForResource call. The DMS API model (botocore dms 2016-01-01, ArnList) sets no
 * maximum on ResourceArnList; 100 stays well within the request size.
 */
const TAG_BATCH_SIZE = 100;

/** Tags of up to TAG_BATCH_SIZE resources by ARN; null for a resource that no longer exists. */
async function listTags(clients: AwsClients, arns: readonly string[]): Promise<Map<string, unknown>> {
  const result = new Map<string, unknown>();
  try {
    // One ARN: the plain ResourceArn form; several: ResourceArnList, whose tags carry their ResourceArn.
    const { client, sdk } = await clients.use("dms");
    const output = await client.send(
      new sdk.ListTagsForResourceCommand(
        arns.length === 1 ? { ResourceArn: arns[0] } : { ResourceArnList: [...arns] },
      ),
    );
    const byArn = new Map<string, unknown[]>(arns.map((arn) => [arn, []]));
    for (const tag of output.TagList ?? []) {
      const arn = arns.length === 1 ? arns[0] : tag.ResourceArn;
      if (arn !== undefined) byArn.get(arn)?.push({ ...tag, ResourceArn: arn });
    }
    for (const [arn, tags] of byArn) result.set(arn, { TagList: tags });
  } catch (error) {
    if (errorName(error) !== "ResourceNotFoundFault") throw error;
    if (arns.length === 1) {
      result.set(arns[0] as string, null);
    } else {
      // A resource deleted since it was listed fails the whole batch: ask one by one instead.
      for (const arn of arns) result.set(arn, (await listTags(clients, [arn])).get(arn) ?? null);
    }
  }
  return result;
}

/** The tag batcher of each set of clients (one per container or CLI run). */
const tagBatchers = new WeakMap<AwsClients, (arn: string) => Promise<unknown>>();

/** Tags of one DMS resource by ARN, sent in one ResourceArnList batch with the others asked in the same turn. */
async function batchedTags(clients: AwsClients, arn: string): Promise<unknown | null> {
  let load = tagBatchers.get(clients);
  if (!load) {
    load = batcher((arns: string[]) => listTags(clients, arns), TAG_BATCH_SIZE);
    tagBatchers.set(clients, load);
  }
  return (await load(arn)) ?? null;
}

export { batchedTags };
