import {
  dataProvidersFromApi,
  instanceProfilesFromApi,
  replicationConfigsFromApi,
} from "../../packages/core/src/aws/dms-serverless.js";
import type {
  DmsDataProvider,
  DmsInstanceProfile,
  DmsReplicationConfig,
} from "../../packages/core/src/model/index.js";
import { fixture } from "./dms-fixtures.js";

/**
 * Replication configs, instance profiles and data providers of
 * test/fixtures/dms/<Operation>/default.json (shaped like the DMS API model's outputs), picked by
 * identifier, optionally changed before mapping through the same aws/ code as live responses.
 */

type Raw = Record<string, unknown>;

function pick(operation: string, key: string, nameField: string, name: string, change?: (raw: Raw) => void) {
  const raw = fixture<Record<string, Raw[]>>(`dms/${operation}/default.json`)[key]?.find(
    (r) => r[nameField] === name,
  );
  if (!raw) throw new Error(`no ${name} in dms/${operation}/default.json`);
  change?.(raw);
  return { [key]: [raw] };
}

function replicationConfig(name: string, change?: (raw: Raw) => void): DmsReplicationConfig {
  const [c] = replicationConfigsFromApi(
    pick("DescribeReplicationConfigs", "ReplicationConfigs", "ReplicationConfigIdentifier", name, change),
  );
  if (!c) throw new Error("mapping lost the replication config");
  return c;
}

function instanceProfile(name: string, change?: (raw: Raw) => void): DmsInstanceProfile {
  const [p] = instanceProfilesFromApi(
    pick("DescribeInstanceProfiles", "InstanceProfiles", "InstanceProfileName", name, change),
  );
  if (!p) throw new Error("mapping lost the instance profile");
  return p;
}

function dataProvider(name: string, change?: (raw: Raw) => void): DmsDataProvider {
  const [d] = dataProvidersFromApi(
    pick("DescribeDataProviders", "DataProviders", "DataProviderName", name, change),
  );
  if (!d) throw new Error("mapping lost the data provider");
  return d;
}

export { dataProvider, instanceProfile, replicationConfig };
