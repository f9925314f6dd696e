import type { DmsReplicationInstance, DmsReplicationTask, Tags } from "../model/index.js";
import { list, optBool, optList, optStr, record, str } from "../util/read.js";

/**
 * DMS replication instances and tasks → model, and ListTagsForResource → tags.
 *
 * A replication instance comes in two shapes: the DMS API (DescribeReplicationInstances, where
 * security groups are `VpcSecurityGroups: [{ VpcSecurityGroupId, Status }]`) and AWS Config's
 * `AWS::DMS::ReplicationInstance` configuration item (CloudFormation properties, where they are
 * `VpcSecurityGroupIds: [string]`). Both go through `toReplicationInstance`.
 */

function securityGroupIds(raw: Record<string, unknown>, path: string): string[] {
  if (raw.VpcSecurityGroupIds !== undefined && raw.VpcSecurityGroupIds !== null) {
    return optList(raw.VpcSecurityGroupIds, `${path}.VpcSecurityGroupIds`).map((id, i) =>
      str(id, `${path}.VpcSecurityGroupIds[${i}]`),
    );
  }
  return optList(raw.VpcSecurityGroups, `${path}.VpcSecurityGroups`).map((item, i) => {
    const p = `${path}.VpcSecurityGroups[${i}]`;
    return str(record(item, p).VpcSecurityGroupId, `${p}.VpcSecurityGroupId`);
  });
}

/** One replication instance from either shape; `arn` and `tags` live outside a configuration item's configuration. */
function toReplicationInstance(
  raw: Record<string, unknown>,
  path: string,
  arn: string,
  tags: Tags | undefined,
): DmsReplicationInstance {
  return {
    arn,
    identifier: optStr(raw.ReplicationInstanceIdentifier, `${path}.ReplicationInstanceIdentifier`) ?? arn,
    kmsKeyId: optStr(raw.KmsKeyId, `${path}.KmsKeyId`),
    publiclyAccessible: optBool(raw.PubliclyAccessible, `${path}.PubliclyAccessible`),
    multiAz: optBool(raw.MultiAZ, `${path}.MultiAZ`),
    autoMinorVersionUpgrade: optBool(raw.AutoMinorVersionUpgrade, `${path}.AutoMinorVersionUpgrade`),
    vpcSecurityGroupIds: securityGroupIds(raw, path),
    instanceClass: optStr(raw.ReplicationInstanceClass, `${path}.ReplicationInstanceClass`),
    engineVersion: optStr(raw.EngineVersion, `${path}.EngineVersion`),
    tags,
  };
}

/** DescribeReplicationInstances output (merged pages) → replication instances. */
function replicationInstancesFromApi(output: unknown): DmsReplicationInstance[] {
  const path = "dms.DescribeReplicationInstances";
  const items = list(record(output, path).ReplicationInstances ?? [], `${path}.ReplicationInstances`);
  return items.map((item, i) => {
    const p = `${path}.ReplicationInstances[${i}]`;
    const raw = record(item, p);
    return toReplicationInstance(
      raw,
      p,
      str(raw.ReplicationInstanceArn, `${p}.ReplicationInstanceArn`),
      undefined,
    );
  });
}

/** One replication task (API shape; CloudFormation's `AWS::DMS::ReplicationTask` uses the same names). */
function toReplicationTask(
  raw: Record<string, unknown>,
  path: string,
  arn: string,
  tags: Tags | undefined,
): DmsReplicationTask {
  return {
    arn,
    identifier: optStr(raw.ReplicationTaskIdentifier, `${path}.ReplicationTaskIdentifier`) ?? arn,
    sourceEndpointArn: optStr(raw.SourceEndpointArn, `${path}.SourceEndpointArn`),
    targetEndpointArn: optStr(raw.TargetEndpointArn, `${path}.TargetEndpointArn`),
    replicationInstanceArn: optStr(raw.ReplicationInstanceArn, `${path}.ReplicationInstanceArn`),
    migrationType: optStr(raw.MigrationType, `${path}.MigrationType`),
    tags,
  };
}

/** DescribeReplicationTasks output (merged pages) → replication tasks. */
function replicationTasksFromApi(output: unknown): DmsReplicationTask[] {
  const path = "dms.DescribeReplicationTasks";
  const items = list(record(output, path).ReplicationTasks ?? [], `${path}.ReplicationTasks`);
  return items.map((item, i) => {
    const p = `${path}.ReplicationTasks[${i}]`;
    const raw = record(item, p);
    return toReplicationTask(raw, p, str(raw.ReplicationTaskArn, `${p}.ReplicationTaskArn`), undefined);
  });
}

/** One resource's ListTagsForResource output (`TagList: [{ Key, Value, ResourceArn }]`) → tags. */
function tagsFromApi(output: unknown, path: string): Tags {
  const tags: Tags = {};
  optList(record(output, path).TagList, `${path}.TagList`).forEach((item, i) => {
    const tag = record(item, `${path}.TagList[${i}]`);
    tags[str(tag.Key, `${path}.TagList[${i}].Key`)] = optStr(tag.Value, `${path}.TagList[${i}].Value`) ?? "";
  });
  return tags;
}

export {
  replicationInstancesFromApi,
  replicationTasksFromApi,
  tagsFromApi,
  toReplicationInstance,
  toReplicationTask,
};
