import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * The AWS API models (botocore's service-2.json, documentation as plain text) committed in
 * test/fixtures/aws-models/ by scripts/aws-models/extract.py: the contract the tests check against.
 */

interface ShapeRef {
  shape: string;
  documentation?: string;
  locationName?: string;
}

interface Shape {
  type: string;
  members?: Record<string, ShapeRef>;
  required?: string[];
  member?: ShapeRef;
  key?: ShapeRef;
  value?: ShapeRef;
  enum?: string[];
  min?: number;
  max?: number;
  pattern?: string;
  documentation?: string;
}

interface Operation {
  input?: ShapeRef;
  output?: ShapeRef;
  errors?: ShapeRef[];
  documentation?: string;
}

interface ServiceModel {
  source: string;
  metadata: { apiVersion: string; endpointPrefix: string; protocol: string; serviceId: string };
  /** Every operation of the service (also the CloudTrail `eventName`s it can record). */
  operationNames: string[];
  /** The operations whose input and output shapes were extracted. */
  operations: Record<string, Operation>;
  shapes: Record<string, Shape>;
}

const cache = new Map<string, ServiceModel>();

/** The committed model of `service` (`dms`, `config`, `iam`, `mgn`, `kms`, `ec2`, ...). */
function awsModel(service: string): ServiceModel {
  let model = cache.get(service);
  if (!model) {
    const url = new URL(`../fixtures/aws-models/${service}.json`, import.meta.url);
    model = JSON.parse(readFileSync(fileURLToPath(url), "utf8")) as ServiceModel;
    cache.set(service, model);
  }
  return model;
}

/** A shape of `service`'s model; throws when the model has no such shape. */
function shapeOf(service: string, name: string): Shape {
  const shape = awsModel(service).shapes[name];
  if (!shape) throw new Error(`${service} model has no shape ${name}`);
  return shape;
}

export type { Operation, ServiceModel, Shape, ShapeRef };
export { awsModel, shapeOf };
