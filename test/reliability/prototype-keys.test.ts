import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountRead, KeyedRead } from "../../packages/core/src/aws/read.js";
import { type ApiSource, RecordingSource } from "../../packages/core/src/aws/source.js";
import { main } from "../../packages/core/src/cli/main.js";
import { evaluateConfigEvent } from "../../packages/core/src/config/evaluator.js";
import { parseConfigEvent } from "../../packages/core/src/config/events.js";
import { RULES } from "../../packages/core/src/rules/index.js";
import { parseParameters } from "../../packages/core/src/rules/params.js";
import { ruleResourceTypes } from "../../packages/core/src/rules/types.js";

/**
 * Prototype keys: lookup tables keyed by input are plain objects, so an engine named `constructor`
 * or `__proto__`, a tag key `__proto__` or a KMS key reference `__proto__` must be looked up as
 * an own property (or in a Map). Each such resource gets its own verdict and the run completes.
 */

const PROTO_NAMES = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "isPrototypeOf"];
const ACCOUNT = "123456789012";
const arnOf = (id: string) => `arn:aws:dms:us-east-1:${ACCOUNT}:endpoint:${id.toUpperCase()}`;
/** JSON text, so that `"__proto__"` is an own key as it is in a parsed AWS response. */
const tagList = (email: string) =>
  `{"TagList":[{"Key":"__proto__","Value":"${email}"},{"Key":"constructor","Value":"x"},{"Key":"toString","Value":"y"}]}`;

function snapshotText(): string {
  const endpoints = PROTO_NAMES.map((engine, i) => ({
    EndpointIdentifier: `proto-${i}`,
    EndpointArn: arnOf(`proto-${i}`),
    EndpointType: "SOURCE",
    EngineName: engine,
    SslMode: "none",
    KmsKeyId: PROTO_NAMES[(i + 1) % PROTO_NAMES.length],
  }));
  const tags = PROTO_NAMES.map((_, i) => `"${arnOf(`proto-${i}`)}":${tagList(`owner${i}@example.com`)}`);
  const keys = PROTO_NAMES.map((name) => `"${name}":null`);
  return `{"accountId":"${ACCOUNT}","region":"us-east-1","capturedAt":"2026-11-20T09:00:00Z","services":{
    "dms":{"DescribeEndpoints":${JSON.stringify({ Endpoints: endpoints })},
      "DescribeCertificates":{"Certificates":[]},"DescribeReplicationInstances":{"ReplicationInstances":[]},
      "DescribeReplicationTasks":{"ReplicationTasks":[]},"DescribeReplicationConfigs":{"ReplicationConfigs":[]},
      "DescribeInstanceProfiles":{"InstanceProfiles":[]},"DescribeDataProviders":{"DataProviders":[]},"ListTagsForResource":{${tags.join(",")}}},
    "kms":{"DescribeKey":{${keys.join(",")}}}}}`;
}

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mg-proto-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const DMS_ENDPOINT_RULES = RULES.filter((r) => ruleResourceTypes(r).includes("AWS::DMS::Endpoint")).map(
  (r) => r.name,
);

describe("prototype keys in input", () => {
  it("gives every endpoint named after an Object.prototype member a verdict from every endpoint rule", async () => {
    const file = join(dir, "proto.json");
    await writeFile(file, snapshotText());
    let stdout = "";
    let stderr = "";
    await main(["audit", "--snapshot", file, "--format", "json", "--rules", DMS_ENDPOINT_RULES.join(",")], {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
      env: {},
    });

    expect(stderr).toBe("");
    const doc = JSON.parse(stdout) as {
      results: { rule: string; resourceName: string; compliance: string; annotation: string }[];
    };
    for (const rule of DMS_ENDPOINT_RULES) {
      const names = doc.results.filter((r) => r.rule === rule).map((r) => r.resourceName);
      expect(names.sort(), rule).toEqual(PROTO_NAMES.map((_, i) => `proto-${i}`).sort());
    }
    const tls = doc.results.filter((r) => r.rule === "dms-endpoint-tls");
    for (const r of tls) expect(r.compliance).toBe("NON_COMPLIANT");
    expect(tls.filter((r) => /not known to migration-guard/.test(r.annotation))).toHaveLength(
      PROTO_NAMES.length,
    );
  });

  it("finds an e-mail address in the value of a tag whose key is __proto__", async () => {
    const file = join(dir, "proto-tags.json");
    await writeFile(file, snapshotText());
    let stdout = "";
    await main(["audit", "--snapshot", file, "--format", "json", "--rules", "migration-no-sensitive-data"], {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: () => undefined },
      env: {},
    });
    const results = (JSON.parse(stdout) as { results: { compliance: string; annotation: string }[] }).results;
    expect(results).toHaveLength(PROTO_NAMES.length);
    for (const r of results) {
      expect(r.compliance).toBe("NON_COMPLIANT");
      expect(r.annotation).toContain("tag __proto__ contains an e-mail address");
    }
  });

  it("records a per-resource output keyed __proto__ as an own key of the capture", async () => {
    const op = {
      kind: "keyed",
      service: "kms",
      operation: "DescribeKey",
      iamAction: "kms:DescribeKey",
    } as unknown as KeyedRead;
    const live: ApiSource = {
      read: async (_: AccountRead) => ({}),
      lookup: async (_: KeyedRead, key: string) => ({ KeyMetadata: { KeyId: key } }),
    };
    const recorder = new RecordingSource(live);
    await recorder.lookup(op, "__proto__");
    await recorder.lookup(op, "constructor");

    const written = JSON.parse(JSON.stringify(recorder.toSnapshot(ACCOUNT, "us-east-1", new Date(0)))) as {
      services: { kms: { DescribeKey: Record<string, unknown> } };
    };
    const outputs = written.services.kms.DescribeKey;
    expect(Object.keys(outputs).sort()).toEqual(["__proto__", "constructor"]);
    expect(Object.hasOwn(outputs, "__proto__")).toBe(true);
  });

  it("evaluates a configuration item with EngineName constructor and a __proto__ tag, per endpoint rule", async () => {
    const source: ApiSource = {
      read: async () => ({ Certificates: [] }),
      lookup: async () => null,
    };
    for (const name of PROTO_NAMES) {
      const configuration = `{"EngineName":"${name}","EndpointType":"source","SslMode":"none","EndpointIdentifier":"ep","KmsKeyId":"${name}"}`;
      const event = {
        invokingEvent: `{"messageType":"ConfigurationItemChangeNotification","notificationCreationTime":"2026-11-01T00:00:00.000Z","configurationItem":{"configurationItemStatus":"OK","configurationItemCaptureTime":"2026-11-01T00:00:00.000Z","resourceType":"AWS::DMS::Endpoint","resourceId":"${arnOf("ep")}","ARN":"${arnOf("ep")}","tags":{"__proto__":"jane@example.com"},"configuration":${configuration}}}`,
        ruleParameters: "{}",
        resultToken: "TESTMODE",
        accountId: ACCOUNT,
      };
      for (const rule of RULES.filter(
        (r) => DMS_ENDPOINT_RULES.includes(r.name) && r.triggers.configurationChange,
      )) {
        const evaluations = await evaluateConfigEvent(
          rule,
          parseConfigEvent(event),
          parseParameters(rule.name, rule.parameters, {}),
          {
            source,
            config: { getLatestConfigurationItem: async () => null, listReportedResources: async () => [] },
            now: new Date("2026-11-20T00:00:00Z"),
          },
        );
        expect(evaluations, `${rule.name} ${name}`).toHaveLength(1);
        expect(evaluations[0]?.resourceId).toBe(arnOf("ep"));
      }
    }
  });
});
