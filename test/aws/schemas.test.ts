import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { endpointsFromApi } from "../../packages/core/src/aws/dms.js";
import { usersFromApi } from "../../packages/core/src/aws/iam.js";
import { keyFromApi } from "../../packages/core/src/aws/kms.js";
import * as dms from "../../packages/core/src/aws/schemas/dms.js";
import * as dmsServerless from "../../packages/core/src/aws/schemas/dms-serverless.js";
import * as ec2 from "../../packages/core/src/aws/schemas/ec2.js";
import * as iam from "../../packages/core/src/aws/schemas/iam.js";
import * as kms from "../../packages/core/src/aws/schemas/kms.js";
import * as mgn from "../../packages/core/src/aws/schemas/mgn.js";
import { tagList } from "../../packages/core/src/aws/schemas/parse.js";
import { MalformedInputError } from "../../packages/core/src/errors.js";
import { awsModel, shapeOf } from "../support/aws-model.js";

/**
 * Every field name a schema of aws/schemas/ reads exists where AWS defines it: API outputs in the
 * AWS API model (test/fixtures/aws-models/, from botocore), DMS configuration items in the
 * CloudFormation resource schema (test/fixtures/cloudformation/, the registry schemas cfn-lint
 * 1.51.0 ships: AWS Config records DMS resources with CloudFormation property names), the
 * `AWS::IAM::User` configuration in IAM's UserDetail (camelCase), credential report rows in the
 * report's header (test/fixtures/iam/GetCredentialReport/content.csv; columns as listed in the IAM User
 * Guide, https://docs.aws.amazon.com/IAM/latest/UserGuide/credential-reports.html). A typo in a
 * schema fails here.
 */

/** The part of a zod 4 schema this walk reads (`_zod.def`). */
interface ZodLike {
  _zod: {
    def: {
      type: string;
      shape?: Record<string, ZodLike>;
      element?: ZodLike;
      innerType?: ZodLike;
      in?: ZodLike;
    };
  };
}

/** The schema's own structure: wrappers (optional, nullable, transform pipes) removed. */
function unwrap(schema: ZodLike): ZodLike {
  let s = schema;
  for (;;) {
    const def = s._zod.def;
    if (def.type === "pipe" && def.in) s = def.in;
    else if (def.innerType) s = def.innerType;
    else return s;
  }
}

/** Field paths a schema reads, each with the object path above it: `Endpoints[].S3Settings.EncryptionMode`. */
function fieldPaths(schema: ZodLike, prefix = ""): string[] {
  const s = unwrap(schema);
  const def = s._zod.def;
  if (def.type === "array" && def.element) return fieldPaths(def.element, `${prefix}[]`);
  if (def.type !== "object" || !def.shape) return [];
  return Object.entries(def.shape).flatMap(([name, child]) => {
    const path = prefix ? `${prefix}.${name}` : name;
    return [path, ...fieldPaths(child, path)];
  });
}

/** Whether `path` exists from `shapeName` in the service's API model (`nameOf` maps a schema name to the model's). */
function inApiModel(service: string, shapeName: string, path: string, nameOf = (n: string) => n): boolean {
  let shape = shapeOf(service, shapeName);
  for (const part of path.split(".")) {
    const [name = "", ...lists] = part.split("[]");
    const member = shape.members?.[nameOf(name)];
    if (!member) return false;
    shape = shapeOf(service, member.shape);
    for (const _ of lists) {
      if (shape.type !== "list" || !shape.member) return false;
      shape = shapeOf(service, shape.member.shape);
    }
  }
  return true;
}

interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  definitions?: Record<string, JsonSchema>;
}

function cloudFormation(typeName: string): JsonSchema {
  const file = new URL(`../fixtures/cloudformation/${typeName.replaceAll("::", "-")}.json`, import.meta.url);
  return JSON.parse(readFileSync(file, "utf8")) as JsonSchema;
}

/** Whether `path` exists in a CloudFormation resource schema's properties. */
function inCloudFormation(root: JsonSchema, path: string): boolean {
  const resolve = (s: JsonSchema): JsonSchema =>
    s.$ref ? resolve(root.definitions?.[s.$ref.replace("#/definitions/", "")] ?? {}) : s;
  let node: JsonSchema = root;
  for (const part of path.split(".")) {
    const [name = "", ...lists] = part.split("[]");
    const next = resolve(node).properties?.[name];
    if (!next) return false;
    node = resolve(next);
    for (const _ of lists) {
      if (!node.items) return false;
      node = resolve(node.items);
    }
  }
  return true;
}

function outputShape(service: string, operation: string): string {
  const shape = awsModel(service).operations[operation]?.output?.shape;
  if (!shape) throw new Error(`${service} model has no output for ${operation}`);
  return shape;
}

const API_OUTPUTS: [string, string, ZodLike][] = [
  ["dms", "DescribeEndpoints", dms.describeEndpoints],
  ["dms", "DescribeCertificates", dms.describeCertificates],
  ["dms", "DescribeReplicationInstances", dms.describeReplicationInstances],
  ["dms", "DescribeReplicationTasks", dms.describeReplicationTasks],
  ["dms", "ListTagsForResource", dms.listTagsForResource],
  ["dms", "DescribeReplicationConfigs", dmsServerless.describeReplicationConfigs],
  ["dms", "DescribeInstanceProfiles", dmsServerless.describeInstanceProfiles],
  ["dms", "DescribeDataProviders", dmsServerless.describeDataProviders],
  ["kms", "DescribeKey", kms.describeKey],
  ["ec2", "DescribeSecurityGroups", ec2.describeSecurityGroups],
  ["ec2", "GetEbsEncryptionByDefault", ec2.getEbsEncryptionByDefault],
  ["iam", "GetAccountAuthorizationDetails", iam.getAccountAuthorizationDetails],
  ["iam", "GetCredentialReport", iam.getCredentialReport],
  ["mgn", "DescribeSourceServers", mgn.describeSourceServers],
  ["mgn", "DescribeReplicationConfigurationTemplates", mgn.describeReplicationConfigurationTemplates],
  ["mgn", "GetReplicationConfiguration", mgn.getReplicationConfiguration],
];

/**
 * Configuration-item schemas, and the fields of each that only the API shape has. The DMS endpoint
 * schema is shared by DescribeEndpoints and the configuration item; CloudFormation's KafkaSettings
 * has no SaslMechanism and its DocDbSettings no ServerName (a DocumentDB endpoint's server is the
 * top-level ServerName there), so from a configuration item those two are absent.
 */
const CONFIGURATION_ITEMS: [string, ZodLike, string[]][] = [
  ["AWS::DMS::Endpoint", dms.endpointFields, ["KafkaSettings.SaslMechanism", "DocDbSettings.ServerName"]],
  ["AWS::DMS::Certificate", dms.certificateConfiguration, []],
  ["AWS::DMS::ReplicationInstance", dms.replicationInstanceConfiguration, []],
];

describe("aws/schemas", () => {
  for (const [service, operation, schema] of API_OUTPUTS) {
    it(`reads only fields of ${service} ${operation}'s output shape`, () => {
      const paths = fieldPaths(schema);
      expect(paths.length).toBeGreaterThan(0);
      const shape = outputShape(service, operation);
      expect(paths.filter((p) => !inApiModel(service, shape, p))).toEqual([]);
    });
  }

  for (const [typeName, schema, apiOnly] of CONFIGURATION_ITEMS) {
    it(`reads only CloudFormation properties of ${typeName} from its configuration item`, () => {
      const root = cloudFormation(typeName);
      const paths = fieldPaths(schema);
      expect(paths.length).toBeGreaterThan(0);
      expect(paths.filter((p) => !inCloudFormation(root, p))).toEqual(apiOnly);
      // The API-only fields are the API's (DescribeEndpoints' Endpoint).
      expect(apiOnly.filter((p) => !inApiModel("dms", "Endpoint", p))).toEqual([]);
    });
  }

  it("reads configuration-item tags as CloudFormation's Tag ({ Key, Value })", () => {
    const root = cloudFormation("AWS::DMS::Endpoint");
    expect(fieldPaths(tagList).filter((p) => !inCloudFormation(root, `Tags${p}`))).toEqual([]);
  });

  it("reads the AWS::IAM::User configuration with IAM UserDetail's names in camelCase", () => {
    const paths = fieldPaths(iam.userConfiguration);
    expect(paths).toContain("permissionsBoundary.permissionsBoundaryArn");
    const pascal = (n: string) => n.charAt(0).toUpperCase() + n.slice(1);
    expect(paths.filter((p) => !inApiModel("iam", "UserDetail", p, pascal))).toEqual([]);
  });

  it("reads only columns of the credential report", () => {
    const file = new URL("../fixtures/iam/GetCredentialReport/content.csv", import.meta.url);
    const header = readFileSync(file, "utf8").split("\n")[0]?.split(",") ?? [];
    expect(header).toContain("access_key_2_last_used_service");
    expect(fieldPaths(iam.credentialReportRow).filter((c) => !header.includes(c))).toEqual([]);
  });

  it("fails on a misspelt field (the walk sees a schema's names)", () => {
    const misspelt: ZodLike = { _zod: { def: { type: "object", shape: { SslMod: dms.endpointFields } } } };
    expect(fieldPaths(misspelt).filter((p) => !inApiModel("dms", "Endpoint", p))).toContain("SslMod");
  });
});

describe("schema errors", () => {
  const SECRET = "Pl4nted-Schema-Secret-e1a9";

  function messageOf(run: () => unknown): string {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(MalformedInputError);
      return (error as Error).message;
    }
    throw new Error("no error");
  }

  it("name the path and the expected and received types, never the received value", () => {
    const cases: [() => unknown, string][] = [
      [
        () => endpointsFromApi({ Endpoints: [{ EndpointArn: "arn:x" }, { EndpointArn: { text: SECRET } }] }),
        "dms.DescribeEndpoints.Endpoints[1].EndpointArn: expected a string, got object",
      ],
      [
        () =>
          endpointsFromApi({
            Endpoints: [{ EndpointArn: "arn:x", NeptuneSettings: { IamAuthEnabled: SECRET } }],
          }),
        "dms.DescribeEndpoints.Endpoints[0].NeptuneSettings.IamAuthEnabled: expected a boolean, got string",
      ],
      [
        () =>
          usersFromApi({ UserDetailList: [{ Arn: "a", UserName: "u", UserId: "i", CreateDate: SECRET }] }),
        "iam.GetAccountAuthorizationDetails.UserDetailList[0].CreateDate: expected an ISO-8601 timestamp, got string",
      ],
      [
        () => keyFromApi({ KeyMetadata: [SECRET] }, "kms.DescribeKey"),
        "kms.DescribeKey.KeyMetadata: expected an object, got array",
      ],
      [() => endpointsFromApi(SECRET), "dms.DescribeEndpoints: expected an object, got string"],
    ];
    for (const [run, expected] of cases) {
      const message = messageOf(run);
      expect(message).toBe(expected);
      expect(message).not.toContain(SECRET);
    }
  });

  it("drop fields a schema does not name (an endpoint's password never reaches the model)", () => {
    const [endpoint] = endpointsFromApi({
      Endpoints: [
        { EndpointArn: "arn:x", Password: SECRET, KafkaSettings: { SaslPassword: SECRET, Broker: "b:9092" } },
      ],
    });
    expect(endpoint?.settings.kafka?.broker).toBe("b:9092");
    expect(JSON.stringify(endpoint)).not.toContain(SECRET);
  });
});
