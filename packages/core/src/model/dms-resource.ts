import type { DmsResource } from "./index.js";

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
  }
}

export { dmsResourceModel };
