import type { DmsDataProvider, DmsInstanceProfile, DmsReplicationConfig } from "../model/index.js";
import {
  describeDataProviders,
  describeInstanceProfiles,
  describeReplicationConfigs,
} from "./schemas/dms-serverless.js";
import { parseAt } from "./schemas/parse.js";

/**
 * DMS Serverless replication configs, Schema Conversion instance profiles and data providers →
 * model, through the schemas of aws/schemas/dms-serverless.ts. AWS Config records none of these
 * types, so they come from the DMS API only (no configuration item mapping).
 */

/** DescribeReplicationConfigs output (merged pages) → replication configs. */
function replicationConfigsFromApi(output: unknown): DmsReplicationConfig[] {
  return parseAt(describeReplicationConfigs, output, "dms.DescribeReplicationConfigs").ReplicationConfigs;
}

/** DescribeInstanceProfiles output (merged pages) → instance profiles. */
function instanceProfilesFromApi(output: unknown): DmsInstanceProfile[] {
  return parseAt(describeInstanceProfiles, output, "dms.DescribeInstanceProfiles").InstanceProfiles;
}

/** DescribeDataProviders output (merged pages) → data providers. */
function dataProvidersFromApi(output: unknown): DmsDataProvider[] {
  return parseAt(describeDataProviders, output, "dms.DescribeDataProviders").DataProviders;
}

export { dataProvidersFromApi, instanceProfilesFromApi, replicationConfigsFromApi };
