import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { validateOutput, validateShape } from "../support/shape-validator.js";

/**
 * Fixtures and the sample account against the output shapes of the AWS API models
 * (test/fixtures/aws-models/, from botocore): a field the model does not have, an enum value it
 * does not list or a value of the wrong type fails here, naming the path.
 */

const root = fileURLToPath(new URL("../../", import.meta.url));
const fixtures = join(root, "test/fixtures");

/** API response fixtures: path under test/fixtures → [service, operation]. */
const RESPONSES: Record<string, [string, string]> = {
  "api/dms-describe-endpoints.json": ["dms", "DescribeEndpoints"],
  "api/dms-describe-certificates.json": ["dms", "DescribeCertificates"],
  "dms/describe-endpoints.json": ["dms", "DescribeEndpoints"],
  "dms/describe-replication-instances.json": ["dms", "DescribeReplicationInstances"],
  "dms/describe-replication-tasks.json": ["dms", "DescribeReplicationTasks"],
  "dms/DescribeReplicationConfigs/default.json": ["dms", "DescribeReplicationConfigs"],
  "dms/DescribeInstanceProfiles/default.json": ["dms", "DescribeInstanceProfiles"],
  "dms/DescribeDataProviders/default.json": ["dms", "DescribeDataProviders"],
  "ec2/describe-security-groups.json": ["ec2", "DescribeSecurityGroups"],
  "kms/describe-key-aws-dms.json": ["kms", "DescribeKey"],
  "kms/describe-key-customer.json": ["kms", "DescribeKey"],
  "kms/describe-key-disabled.json": ["kms", "DescribeKey"],
  "iam/get-account-authorization-details.json": ["iam", "GetAccountAuthorizationDetails"],
  "mgn/describe-source-servers.json": ["mgn", "DescribeSourceServers"],
  "mgn/describe-replication-configuration-templates.json": [
    "mgn",
    "DescribeReplicationConfigurationTemplates",
  ],
  "mgn/get-replication-configuration.json": ["mgn", "GetReplicationConfiguration"],
  "events/get-resource-config-history-dms-endpoint.json": ["config", "GetResourceConfigHistory"],
};

/**
 * JSON fixtures that are not API responses: AWS Config invoking events and configuration items
 * (CloudFormation-style property names, no botocore shape) and the model extract itself.
 */
const NOT_API_RESPONSES = [
  /^aws-models\//,
  /^aws-config\//,
  // CloudFormation resource schemas (cfn-lint's copies), checked by test/aws/schemas.test.ts.
  /^cloudformation\//,
  /^config\/.*-(event|item)\.json$/,
  /^events\/(change|oversized|scheduled|compliance)-.*\.json$|^events\/scheduled\.json$/,
];

/**
 * DMS enums the service returns in upper case although the model lists them in lower case:
 * DescribeEndpoints reports `EndpointType` as `SOURCE`/`TARGET` (as queried in
 * https://hub.steampipe.io/plugins/turbot/aws/tables/aws_dms_endpoint: `endpoint_type = 'SOURCE'`),
 * and the model's own S3Settings.CompressionType documentation writes "Set to GZIP ... NONE (the
 * default)" for the enum `none`/`gzip`. Accepted in either case, nowhere else.
 */
const DMS_CASE = { caseInsensitiveEnums: new Set(["ReplicationEndpointTypeValue", "CompressionTypeValue"]) };

function options(service: string) {
  return service === "dms" ? DMS_CASE : {};
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsonFiles(path);
    return name.endsWith(".json") ? [relative(fixtures, path)] : [];
  });
}

function load(path: string): unknown {
  return JSON.parse(readFileSync(path, "utf8"));
}

describe("fixtures against the AWS API models", () => {
  it("classifies every JSON fixture as an API response of a named operation or as a Config event", () => {
    const unclassified = jsonFiles(fixtures).filter(
      (f) => !(f in RESPONSES) && !NOT_API_RESPONSES.some((re) => re.test(f)),
    );

    expect(unclassified).toEqual([]);
  });

  it.each(Object.entries(RESPONSES))(
    "%s matches the output shape of its operation",
    (file, [service, op]) => {
      const problems = validateOutput(service, op, load(join(fixtures, file)), options(service));

      expect(problems).toEqual([]);
    },
  );
});

/** Operations the sample account stores once per resource (keyed by ARN, key id or source server id). */
const KEYED = new Set(["dms.ListTagsForResource", "kms.DescribeKey", "mgn.GetReplicationConfiguration"]);

describe("examples/sample-account.json against the AWS API models", () => {
  const sample = load(join(root, "examples/sample-account.json")) as {
    services: Record<string, Record<string, unknown>>;
  };
  const cases = Object.entries(sample.services).flatMap(([service, ops]) =>
    Object.entries(ops).map(([op, body]) => [service, op, body] as const),
  );

  it("stores responses of operations the models have", () => {
    expect(cases.length).toBeGreaterThan(10);
  });

  it.each(cases)("%s %s matches the output shape", (service, op, body) => {
    const bodies = KEYED.has(`${service}.${op}`)
      ? Object.entries(body as Record<string, unknown>)
      : [["", body] as const];

    const problems = bodies.flatMap(([key, b]) =>
      validateOutput(service, op, b, options(service)).map((p) => (key ? `${key}: ${p}` : p)),
    );

    expect(problems).toEqual([]);
  });
});

describe("the shape validator", () => {
  it("names an unknown field, a value outside the enum and a wrong type by path", () => {
    const problems = validateShape("dms", "DescribeEndpointsResponse", {
      Endpoints: [
        { EngineName: "postgres", SslMode: "strict", Port: "5432", S3Settings: { Encryption: "x" } },
      ],
    });

    expect(problems).toEqual([
      expect.stringMatching(
        /^Endpoints\[0\]\.SslMode: "strict" is not one of none, require, verify-ca, verify-full/,
      ),
      expect.stringMatching(/^Endpoints\[0\]\.Port: expected integer/),
      "Endpoints[0].S3Settings.Encryption: S3Settings has no member Encryption",
    ]);
  });
});
