import type { DmsReplicationInstance, DmsReplicationTask, Tags } from "../model/index.js";
import {
  describeReplicationInstances,
  describeReplicationTasks,
  listTagsForResource,
  replicationInstanceConfiguration,
  replicationInstanceModel,
} from "./schemas/dms.js";
import { parseAt } from "./schemas/parse.js";

/**
 * DMS replication instances and tasks → model, and ListTagsForResource → tags, through the
 * schemas of aws/schemas/dms.ts. A replication instance comes in two shapes: the DMS API
 * (DescribeReplicationInstances, security groups as `VpcSecurityGroups: [{ VpcSecurityGroupId }]`)
 * and AWS Config's `AWS::DMS::ReplicationInstance` configuration item (CloudFormation properties,
 * `VpcSecurityGroupIds: [string]`).
 */

/** One replication instance from a configuration item; `arn` and `tags` live outside its configuration. */
function toReplicationInstance(
  raw: Record<string, unknown>,
  path: string,
  arn: string,
  tags: Tags | undefined,
): DmsReplicationInstance {
  const r = parseAt(replicationInstanceConfiguration, raw, path);
  return replicationInstanceModel(r, r.VpcSecurityGroupIds, arn, tags);
}

/** DescribeReplicationInstances output (merged pages) → replication instances. */
function replicationInstancesFromApi(output: unknown): DmsReplicationInstance[] {
  return parseAt(describeReplicationInstances, output, "dms.DescribeReplicationInstances")
    .ReplicationInstances;
}

/** DescribeReplicationTasks output (merged pages) → replication tasks. */
function replicationTasksFromApi(output: unknown): DmsReplicationTask[] {
  return parseAt(describeReplicationTasks, output, "dms.DescribeReplicationTasks").ReplicationTasks;
}

/** One resource's ListTagsForResource output → tags. */
function tagsFromApi(output: unknown, path: string): Tags {
  return parseAt(listTagsForResource, output, path).TagList;
}

export { replicationInstancesFromApi, replicationTasksFromApi, tagsFromApi, toReplicationInstance };
