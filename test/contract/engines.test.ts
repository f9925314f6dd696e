import { describe, expect, it } from "vitest";
import { AUTHENTICATION } from "../../packages/core/src/rules/dms-endpoint-authentication/index.js";
import { ENGINES, SSL_MODE_STRENGTH } from "../../packages/core/src/rules/dms-engines.js";
import { awsModel, shapeOf } from "../support/aws-model.js";

/**
 * Every DMS engine name the API model names, and every enum value the rules compare against,
 * checked against the model (test/fixtures/aws-models/dms.json, from botocore). The model phrases
 * its engine lists as "Valid values ... include" and the lists differ between operations
 * (CreateEndpoint names aurora-serverless and dms-transfer, Endpoint names documentdb), so the
 * union of every list is taken.
 */

const ENGINE_FIELDS = new Set(["EngineName", "Engine", "SourceEngineName", "TargetEngineName"]);
/**
 * Fleet Advisor recommendation shapes: their EngineName lists RDS target products
 * ("rds-aurora-mysql", ...), not DMS endpoint engines.
 */
const NOT_ENDPOINT_ENGINES = new Set(["Limitation", "Recommendation"]);

/** The engine names of a "Valid values ... include a, b, and c." sentence. */
function listedValues(doc: string): string[] {
  const match = /\binclude\b([^.]*(?:\.(?=[a-z0-9])[^.]*)*)\./.exec(doc);
  if (!match?.[1]) return [];
  return match[1]
    .split(/,|\band\b/)
    .map((v) => v.trim().replace(/^"|"$/g, ""))
    .filter((v) => /^[a-z0-9][a-z0-9-]*$/.test(v));
}

function modelEngineNames(): { names: Set<string>; fields: string[] } {
  const names = new Set<string>();
  const fields: string[] = [];
  for (const [shapeName, shape] of Object.entries(awsModel("dms").shapes)) {
    if (NOT_ENDPOINT_ENGINES.has(shapeName)) continue;
    for (const [field, ref] of Object.entries(shape.members ?? {})) {
      if (!ENGINE_FIELDS.has(field) || !ref.documentation) continue;
      const values = listedValues(ref.documentation);
      if (values.length > 0) fields.push(`${shapeName}.${field}`);
      for (const v of values) names.add(v);
    }
  }
  return { names, fields };
}

describe("DMS engine names of the API model", () => {
  const { names, fields } = modelEngineNames();

  it("are read from every EngineName/Engine list of the model", () => {
    // CreateEndpointMessage.EngineName: "Valid values, depending on the EndpointType value, include
    // "mysql" , ... redis , dms-transfer ."
    expect(fields).toEqual(
      expect.arrayContaining(["CreateEndpointMessage.EngineName", "Endpoint.EngineName"]),
    );
    expect([...names]).toEqual(expect.arrayContaining(["mysql", "documentdb", "dms-transfer", "redis"]));
    expect(names.size).toBeGreaterThanOrEqual(30);
  });

  it("each have an explicit transport verdict in dms-engines.ts (dms-endpoint-tls)", () => {
    const missing = [...names].filter((n) => !(n in ENGINES)).sort();

    expect(missing).toEqual([]);
  });

  it("each have an explicit authentication verdict (dms-endpoint-authentication)", () => {
    const missing = [...names].filter((n) => !(n in AUTHENTICATION)).sort();

    expect(missing).toEqual([]);
  });

  it("and the two tables know the same engines", () => {
    expect(Object.keys(AUTHENTICATION).sort()).toEqual(Object.keys(ENGINES).sort());
  });
});

describe("enum values the rules use", () => {
  const enumOf = (service: string, shape: string) => shapeOf(service, shape).enum ?? [];

  it("SslMode strengths are exactly DmsSslModeValue", () => {
    expect([...SSL_MODE_STRENGTH].sort()).toEqual([...enumOf("dms", "DmsSslModeValue")].sort());
  });

  it("the SSL table's modes are DmsSslModeValue values", () => {
    const modes = new Set(
      Object.values(ENGINES).flatMap((t) => (t.kind === "ssl-mode" ? [...t.supported] : [])),
    );

    expect([...modes].filter((m) => !enumOf("dms", "DmsSslModeValue").includes(m))).toEqual([]);
  });

  it.each([
    ["dms", "KafkaSecurityProtocol", ["plaintext", "ssl-encryption", "ssl-authentication", "sasl-ssl"]],
    ["dms", "RedisAuthTypeValue", ["none", "auth-token", "auth-role"]],
    ["dms", "SslSecurityProtocolValue", ["plaintext", "ssl-encryption"]],
    ["dms", "AuthTypeValue", ["no", "password"]],
    ["dms", "EncryptionModeValue", ["sse-s3", "sse-kms"]],
    ["dms", "ReplicationEndpointTypeValue", ["source", "target"]],
    ["mgn", "ReplicationConfigurationEbsEncryption", ["DEFAULT", "CUSTOM"]],
    ["mgn", "ReplicationConfigurationDataPlaneRouting", ["PRIVATE_IP", "PUBLIC_IP"]],
    ["mgn", "LifeCycleState", ["CUTOVER", "DISCONNECTED"]],
    ["kms", "KeyManagerType", ["AWS", "CUSTOMER"]],
    ["kms", "KeyState", ["Enabled", "PendingDeletion"]],
  ] as const)("%s %s lists every value the rules compare with", (service, shape, used) => {
    const values: readonly string[] = enumOf(service, shape);

    expect(used.filter((v) => !values.includes(v))).toEqual([]);
  });
});
