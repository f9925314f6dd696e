import { MalformedInputError } from "../errors.js";
import type { DmsReplicationInstance, DmsReplicationTask, Tags } from "../model/index.js";
import { excerpt } from "../util/excerpt.js";
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

/**
 * DescribeReplicationTasks output → replication tasks that all carry their settings (the
 * dmsReplicationTask kind's resources). A task without `ReplicationTaskSettings` was read with
 * `WithoutSettings: true` (a snapshot captured before the settings were read): an input error,
 * never "logging off".
 */
function replicationTasksWithSettings(output: unknown): DmsReplicationTask[] {
  const tasks = replicationTasksFromApi(output);
  const index = tasks.findIndex((t) => t.settings === undefined);
  const task = tasks[index];
  if (task)
    throw new MalformedInputError(
      `dms.DescribeReplicationTasks.ReplicationTasks[${index}] (${excerpt(task.identifier)}) has no ReplicationTaskSettings: it was read without task settings (WithoutSettings); capture the account again with --capture`,
    );
  return tasks;
}

/** One resource's ListTagsForResource output → tags. */
function tagsFromApi(output: unknown, path: string): Tags {
  return parseAt(listTagsForResource, output, path).TagList;
}

export {
  replicationInstancesFromApi,
  replicationTasksFromApi,
  replicationTasksWithSettings,
  tagsFromApi,
  toReplicationInstance,
};
