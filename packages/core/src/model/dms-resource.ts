import type { DmsResource } from "./index.js";

/**
 * The AWS Config resource types a DmsResource can be that Config records, in the order rules and
 * kinds list them (a DmsResource can also be an AWS::DMS::ReplicationConfig, which Config does not
 * record: model/resource-types.ts UNRECORDED_RESOURCE_TYPES).
 */
const DMS_RESOURCE_TYPES: readonly DmsResource["resourceType"][] = [
  "AWS::DMS::Endpoint",
  "AWS::DMS::ReplicationInstance",
  "AWS::DMS::ReplicationTask",
  "AWS::DMS::Certificate",
];

/** The model inside a DmsResource (every DMS model has an ARN and an identifier). */
function dmsResourceModel(r: DmsResource): { arn: string; identifier: string } {
  switch (r.resourceType) {
    case "AWS::DMS::Endpoint":
      return r.endpoint;
    case "AWS::DMS::ReplicationInstance":
      return r.replicationInstance;
    case "AWS::DMS::ReplicationTask":
      return r.replicationTask;
    case "AWS::DMS::Certificate":
      return r.certificate;
    case "AWS::DMS::ReplicationConfig":
      return r.replicationConfig;
  }
}

export { DMS_RESOURCE_TYPES, dmsResourceModel };
