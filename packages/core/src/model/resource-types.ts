import { DMS_RESOURCE_TYPES } from "./dms-resource.js";
import type { ResourceKindName } from "./index.js";

/**
 * The one declaration of which AWS Config resource types each resource kind has. A rule names its
 * kind; its Config scope (`Scope.ComplianceResourceTypes`), the configuration recorder, the
 * change-notification scope check, the collected resources' identity and the README rule table all
 * read the types from here. A kind spanning several types lists them all (each collected resource
 * says its own); `AWS::::Account` is the account itself (periodic rules on account-level settings).
 */
const RESOURCE_TYPES: { readonly [K in ResourceKindName]: readonly [string, ...string[]] } = {
  dmsEndpoint: ["AWS::DMS::Endpoint"],
  dmsCertificate: ["AWS::DMS::Certificate"],
  iamUser: ["AWS::IAM::User"],
  mgnAccount: ["AWS::::Account"],
  dmsReplicationInstance: ["AWS::DMS::ReplicationInstance"],
  dmsReplicationTask: ["AWS::DMS::ReplicationTask"],
  dmsResource: DMS_RESOURCE_TYPES as readonly [string, ...string[]],
  dmsReplicationStorage: ["AWS::DMS::ReplicationInstance"],
  dmsReplicationHost: ["AWS::DMS::ReplicationInstance"],
  dmsConnection: ["AWS::DMS::Endpoint"],
  dmsDatabaseConnection: ["AWS::DMS::Endpoint"],
};

/**
 * The resource types a kind also spans that AWS Config neither records nor lists among its
 * supported resource types (the developer guide's "Supported Resource Types";
 * test/fixtures/aws-config/supported-resource-types.json): read from the API on periodic runs
 * only, never in a rule's Config scope or the recorder. The CLI reports each such resource under
 * its own type; a deployed rule reports them in one AWS::::Account summary evaluation
 * (config/unrecorded.ts).
 */
const UNRECORDED_RESOURCE_TYPES: { readonly [K in ResourceKindName]?: readonly string[] } = {
  dmsResource: ["AWS::DMS::ReplicationConfig"],
  dmsReplicationStorage: ["AWS::DMS::ReplicationConfig"],
  dmsReplicationHost: ["AWS::DMS::InstanceProfile"],
  dmsConnection: ["AWS::DMS::InstanceProfile"],
  dmsDatabaseConnection: ["AWS::DMS::DataProvider"],
};

/** The unrecorded resource types of a kind (none for most kinds). */
function unrecordedTypesOf(kind: ResourceKindName): readonly string[] {
  return UNRECORDED_RESOURCE_TYPES[kind] ?? [];
}

/** The AWS Config resource types of a kind (the first is the type of a single-type kind's resources). */
function resourceTypesOf(kind: ResourceKindName): readonly [string, ...string[]] {
  return RESOURCE_TYPES[kind];
}

/**
 * A collected resource with its identity as AWS Config records it: what aws/ returns for a rule
 * to evaluate, so that turning a finding into an evaluation needs nothing more from aws/.
 */
interface Collected<M> {
  resourceType: string;
  resourceId: string;
  resourceName: string;
  model: M;
}

export type { Collected };
export { RESOURCE_TYPES, resourceTypesOf, UNRECORDED_RESOURCE_TYPES, unrecordedTypesOf };
