import { describe, expect, it } from "vitest";
import { rule } from "../../../packages/core/src/rules/dms-endpoint-authentication/index.js";
import { endpoint } from "../../support/dms-fixtures.js";

const ctx = { now: new Date("2026-11-20T09:00:00Z"), facts: {} };
const evaluate = (e: ReturnType<typeof endpoint>) => rule.evaluate(e, {}, ctx);

function withSettings(identifier: string, field: string, settings: Record<string, unknown>) {
  return endpoint(identifier, (raw) => {
    raw[field] = { ...(raw[field] as Record<string, unknown> | undefined), ...settings };
  });
}

describe("dms-endpoint-authentication", () => {
  it("returns NON_COMPLIANT asking for password authentication when MongoDbSettings.AuthType is no", () => {
    const finding = evaluate(withSettings("catalog-mongodb-source", "MongoDbSettings", { AuthType: "no" }));

    expect(finding.compliance).toBe("NON_COMPLIANT");
    expect(finding.annotation).toContain("(MongoDbSettings.AuthType no); set AuthType password");
  });

  it("returns COMPLIANT for a mongodb endpoint with AuthType password or unset (password is the default)", () => {
    const unset = endpoint("catalog-mongodb-source", (raw) => {
      delete raw.MongoDbSettings;
    });

    expect(evaluate(endpoint("catalog-mongodb-source"))).toEqual({
      compliance: "COMPLIANT",
      annotation: "mongodb endpoint uses password authentication (scram_sha_1)",
    });
    expect(evaluate(unset).compliance).toBe("COMPLIANT");
  });

  it("returns COMPLIANT for a docdb endpoint unless its MongoDbSettings.AuthType is no", () => {
    expect(evaluate(endpoint("profiles-docdb-target")).compliance).toBe("COMPLIANT");
    expect(
      evaluate(withSettings("profiles-docdb-target", "MongoDbSettings", { AuthType: "NO" })).compliance,
    ).toBe("NON_COMPLIANT");
  });

  it("returns NON_COMPLIANT for a neptune target without IamAuthEnabled, COMPLIANT with it", () => {
    const without = endpoint("graph-neptune-target", (raw) => {
      delete (raw.NeptuneSettings as Record<string, unknown>).IamAuthEnabled;
    });

    expect(evaluate(without).compliance).toBe("NON_COMPLIANT");
    expect(evaluate(without).annotation).toContain("set NeptuneSettings.IamAuthEnabled true");
    expect(evaluate(endpoint("graph-neptune-target")).compliance).toBe("COMPLIANT");
  });

  it("returns NON_COMPLIANT for a kafka endpoint with SecurityProtocol plaintext or unset", () => {
    const plaintext = withSettings("events-kafka-target", "KafkaSettings", { SecurityProtocol: "plaintext" });
    const unset = endpoint("events-kafka-target", (raw) => {
      delete (raw.KafkaSettings as Record<string, unknown>).SecurityProtocol;
    });

    expect(evaluate(plaintext).compliance).toBe("NON_COMPLIANT");
    expect(evaluate(unset).annotation).toContain("SecurityProtocol plaintext");
  });

  it("returns NON_COMPLIANT for a kafka endpoint with ssl-encryption (no client authentication)", () => {
    const finding = evaluate(
      withSettings("events-kafka-target", "KafkaSettings", { SecurityProtocol: "ssl-encryption" }),
    );

    expect(finding.compliance).toBe("NON_COMPLIANT");
    expect(finding.annotation).toContain("use sasl-ssl or ssl-authentication");
  });

  it("returns COMPLIANT for a kafka endpoint with sasl-ssl or ssl-authentication", () => {
    const mtls = withSettings("events-kafka-target", "KafkaSettings", {
      SecurityProtocol: "ssl-authentication",
    });

    expect(evaluate(endpoint("events-kafka-target")).compliance).toBe("COMPLIANT");
    expect(evaluate(mtls).annotation).toBe("kafka endpoint authenticates with ssl-authentication");
  });

  it("returns NON_COMPLIANT for a redis target with AuthType none or unset, COMPLIANT with auth-token or auth-role", () => {
    const none = withSettings("cache-redis-target", "RedisSettings", { AuthType: "none" });
    const unset = endpoint("cache-redis-target", (raw) => {
      delete (raw.RedisSettings as Record<string, unknown>).AuthType;
    });
    const role = withSettings("cache-redis-target", "RedisSettings", { AuthType: "auth-role" });

    expect(evaluate(none).compliance).toBe("NON_COMPLIANT");
    expect(evaluate(none).annotation).toContain("use auth-token (Redis AUTH) or auth-role");
    expect(evaluate(unset).compliance).toBe("NON_COMPLIANT");
    expect(evaluate(endpoint("cache-redis-target"))).toEqual({
      compliance: "COMPLIANT",
      annotation: "redis endpoint authenticates with auth-token",
    });
    expect(evaluate(role).compliance).toBe("COMPLIANT");
  });

  it("returns NOT_APPLICABLE for a postgres endpoint (the database's own user)", () => {
    const finding = evaluate(endpoint("sales-pg-source"));
    expect(finding.compliance).toBe("NOT_APPLICABLE");
    expect(finding.annotation).toContain("the database's own user");
  });

  it("returns NOT_APPLICABLE for an S3 endpoint (its IAM service access role)", () => {
    const finding = evaluate(endpoint("lake-s3-target"));
    expect(finding).toEqual({
      compliance: "NOT_APPLICABLE",
      annotation: "s3 endpoints authenticate through the endpoint's IAM service access role",
    });
  });

  it("returns NON_COMPLIANT saying migration-guard does not know an engine missing from its table", () => {
    const finding = evaluate(
      endpoint("sales-pg-source", (raw) => {
        raw.EngineName = "quantumdb";
      }),
    );

    expect(finding).toEqual({
      compliance: "NON_COMPLIANT",
      annotation:
        'engine "quantumdb" is not known to migration-guard; check whether it can connect without authentication by hand, and update migration-guard',
    });
  });
});
