import type { DmsCertificate, DmsEndpoint, Tags } from "../model/index.js";
import {
  certificateConfiguration,
  certificateModel,
  describeCertificates,
  describeEndpoints,
  endpointFields,
  endpointModel,
} from "./schemas/dms.js";
import { parseAt, tagList } from "./schemas/parse.js";

/**
 * DMS endpoints and certificates → model, through the schemas of aws/schemas/dms.ts. The DMS API
 * (DescribeEndpoints) and AWS Config's configuration items (CloudFormation `AWS::DMS::Endpoint`
 * property names) use the same field names for the settings read; they differ in EndpointType's
 * case, in where the ARN lives and in tags.
 */

/** Tags as CloudFormation/DMS list them: `[{ Key, Value }]`. */
function tagsFromList(value: unknown, path: string): Tags {
  return parseAt(tagList, value, path);
}

/**
 * One endpoint from a configuration item's configuration. `arn` is passed in because it lives
 * outside the configuration; `tags` likewise (Config keeps them beside the configuration).
 */
function toEndpoint(
  raw: Record<string, unknown>,
  path: string,
  arn: string,
  tags: Tags | undefined,
): DmsEndpoint {
  return endpointModel(parseAt(endpointFields, raw, path), arn, tags);
}

/** DescribeEndpoints output (merged pages) → endpoints. */
function endpointsFromApi(output: unknown): DmsEndpoint[] {
  return parseAt(describeEndpoints, output, "dms.DescribeEndpoints").Endpoints;
}

/** One certificate from an `AWS::DMS::Certificate` configuration item's configuration. */
function toCertificate(raw: Record<string, unknown>, path: string, arn: string): DmsCertificate {
  return certificateModel(parseAt(certificateConfiguration, raw, path), arn);
}

/** DescribeCertificates output (merged pages) → certificates. */
function certificatesFromApi(output: unknown): DmsCertificate[] {
  return parseAt(describeCertificates, output, "dms.DescribeCertificates").Certificates;
}

export { certificatesFromApi, endpointsFromApi, tagsFromList, toCertificate, toEndpoint };
