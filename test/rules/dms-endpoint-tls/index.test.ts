import { describe, expect, it } from "vitest";
import { certificatesFromApi, endpointsFromApi } from "../../../packages/core/src/aws/dms.js";
import type { DmsEndpoint, Facts } from "../../../packages/core/src/model/index.js";
import { rule } from "../../../packages/core/src/rules/dms-endpoint-tls/index.js";
import { parseParameters } from "../../../packages/core/src/rules/params.js";
import { dataProvider } from "../../support/dms-serverless-fixtures.js";
import { fixture } from "../../support/fixtures.js";

// Endpoints are built from a DescribeEndpoints-shaped fixture through the real mapping code.
const NOW = new Date("2026-11-20T09:00:00Z");
const VALID_CERT = "arn:aws:dms:us-east-1:123456789012:cert:EXAMPLEROOTCA2024AAAAAAAAAA";
const EXPIRED_CERT = "arn:aws:dms:us-east-1:123456789012:cert:CRMORACLELEGACYCAAAAAAAAAAA";

function endpoint(overrides: Record<string, unknown>): DmsEndpoint {
  const output = fixture<{ Endpoints: Record<string, unknown>[] }>("dms/DescribeEndpoints/reference.json");
  const base = output.Endpoints[0] as Record<string, unknown>;
  const merged = { ...base, ...overrides };
  for (const [k, v] of Object.entries(merged)) if (v === undefined) delete merged[k];
  const [mapped] = endpointsFromApi({ Endpoints: [merged] });
  if (!mapped) throw new Error("fixture did not map");
  return mapped;
}

const facts: Pick<Facts, "dmsCertificates"> = {
  dmsCertificates: new Map(
    certificatesFromApi(fixture("dms/DescribeCertificates/reference.json")).map((c) => [c.arn, c]),
  ),
};

function evaluate(e: Parameters<typeof rule.evaluate>[0] | DmsEndpoint, params: Record<string, string> = {}) {
  return rule.evaluate(e, parseParameters(rule.name, rule.parameters, params), { now: NOW, facts });
}

describe("dms-endpoint-tls", () => {
  it("returns NON_COMPLIANT when SslMode is none on a postgres endpoint, naming verify-full and the supported modes", () => {
    const result = evaluate(endpoint({ SslMode: "none", CertificateArn: undefined }));
    expect(result.compliance).toBe("NON_COMPLIANT");
    expect(result.annotation).toBe(
      "postgres endpoint uses SslMode none (unencrypted); use verify-full with a CA certificate (supported: require, verify-ca, verify-full)",
    );
  });

  it("returns NON_COMPLIANT when a mysql endpoint uses require, which MySQL does not support", () => {
    const result = evaluate(endpoint({ EngineName: "mysql", SslMode: "require" }));
    expect(result.compliance).toBe("NON_COMPLIANT");
    expect(result.annotation).toContain("require, which MySQL/MariaDB/Amazon Aurora MySQL does not support");
    expect(result.annotation).toContain("(supported: verify-ca, verify-full)");
  });

  it("returns NON_COMPLIANT when a sqlserver endpoint uses verify-ca, which SQL Server does not support", () => {
    const result = evaluate(endpoint({ EngineName: "sqlserver", SslMode: "verify-ca" }));
    expect(result.compliance).toBe("NON_COMPLIANT");
    expect(result.annotation).toContain("verify-ca, which Microsoft SQL Server does not support");
    expect(result.annotation).toContain("use verify-full with a CA certificate");
  });

  it("returns NON_COMPLIANT when a postgres endpoint uses require under the default minimumLevel verified", () => {
    const result = evaluate(endpoint({ SslMode: "require" }));
    expect(result.compliance).toBe("NON_COMPLIANT");
    expect(result.annotation).toContain("does not verify the server certificate");
  });

  it("returns COMPLIANT when a postgres endpoint uses require and minimumLevel is encrypted", () => {
    const result = evaluate(endpoint({ SslMode: "require" }), { minimumLevel: "encrypted" });
    expect(result.compliance).toBe("COMPLIANT");
  });

  it("returns COMPLIANT when a postgres endpoint uses verify-full with a valid certificate", () => {
    const result = evaluate(endpoint({ SslMode: "verify-full", CertificateArn: VALID_CERT }));
    expect(result).toEqual({
      compliance: "COMPLIANT",
      annotation: "postgres endpoint uses SslMode verify-full (minimumLevel verified)",
    });
  });

  it("returns NON_COMPLIANT when a postgres endpoint uses verify-ca and minimumLevel is strongest", () => {
    const result = evaluate(endpoint({ SslMode: "verify-ca" }), { minimumLevel: "strongest" });
    expect(result.compliance).toBe("NON_COMPLIANT");
    expect(result.annotation).toContain("use verify-full with a CA certificate");
  });

  it("returns COMPLIANT when an oracle endpoint uses verify-ca and minimumLevel is strongest", () => {
    const result = evaluate(endpoint({ EngineName: "oracle", SslMode: "verify-ca" }), {
      minimumLevel: "strongest",
    });
    expect(result.compliance).toBe("COMPLIANT");
  });

  it("returns results by the PostgreSQL row for aurora-postgresql and by the MongoDB row for docdb", () => {
    expect(
      evaluate(endpoint({ EngineName: "aurora-postgresql", SslMode: "require" }), {
        minimumLevel: "encrypted",
      }).compliance,
    ).toBe("COMPLIANT");
    const docdb = evaluate(endpoint({ EngineName: "docdb", SslMode: "verify-ca" }));
    expect(docdb.compliance).toBe("NON_COMPLIANT");
    expect(docdb.annotation).toContain("MongoDB does not support");
  });

  it("returns NON_COMPLIANT when a verify-ca endpoint has no CertificateArn", () => {
    const result = evaluate(
      endpoint({ EngineName: "oracle", SslMode: "verify-ca", CertificateArn: undefined }),
    );
    expect(result.compliance).toBe("NON_COMPLIANT");
    expect(result.annotation).toContain("has no CA certificate");
  });

  it("returns NON_COMPLIANT when a verify-full endpoint's certificate does not exist in DMS", () => {
    const missing = "arn:aws:dms:us-east-1:123456789012:cert:DELETEDCERTXXXXXXXXXXXXXXX";
    const result = evaluate(endpoint({ SslMode: "verify-full", CertificateArn: missing }));
    expect(result.compliance).toBe("NON_COMPLIANT");
    expect(result.annotation).toContain(`${missing}, which does not exist in DMS`);
  });

  it("returns NON_COMPLIANT with the expiry date when a verify-full endpoint's certificate has expired", () => {
    const result = evaluate(endpoint({ SslMode: "verify-full", CertificateArn: EXPIRED_CERT }));
    expect(result.compliance).toBe("NON_COMPLIANT");
    expect(result.annotation).toContain("crm-oracle-legacy-ca, which expired on 2025-06-01");
  });

  it("returns COMPLIANT with the reason when S3, DynamoDB, Kinesis or Redshift endpoints have SslMode none", () => {
    for (const engine of ["s3", "dynamodb", "kinesis", "redshift", "redshift-serverless"]) {
      const result = evaluate(endpoint({ EngineName: engine, SslMode: "none", CertificateArn: undefined }));
      expect(result.compliance, engine).toBe("COMPLIANT");
      expect(result.annotation, engine).toMatch(/HTTPS by default|already uses an SSL connection/);
    }
  });

  it("returns NON_COMPLIANT for redis with SslSecurityProtocol plaintext and COMPLIANT with ssl-encryption", () => {
    const plain = evaluate(
      endpoint({ EngineName: "redis", SslMode: "none", RedisSettings: { SslSecurityProtocol: "plaintext" } }),
    );
    expect(plain.compliance).toBe("NON_COMPLIANT");
    expect(plain.annotation).toContain("set it to ssl-encryption");
    const tls = evaluate(
      endpoint({
        EngineName: "redis",
        SslMode: "none",
        RedisSettings: { SslSecurityProtocol: "ssl-encryption" },
      }),
    );
    expect(tls.compliance).toBe("COMPLIANT");
  });

  it("returns NON_COMPLIANT for kafka with SecurityProtocol plaintext or unset and COMPLIANT with sasl-ssl", () => {
    const plain = evaluate(
      endpoint({ EngineName: "kafka", KafkaSettings: { Broker: "b-1:9092", SecurityProtocol: "plaintext" } }),
    );
    expect(plain.compliance).toBe("NON_COMPLIANT");
    const unset = evaluate(endpoint({ EngineName: "kafka", KafkaSettings: { Broker: "b-1:9092" } }));
    expect(unset.compliance).toBe("NON_COMPLIANT");
    const sasl = evaluate(
      endpoint({
        EngineName: "kafka",
        KafkaSettings: { Broker: "b-1:9096", SecurityProtocol: "sasl-ssl", SaslPassword: "s3cr3t-sasl" },
      }),
    );
    expect(sasl.compliance).toBe("COMPLIANT");
    expect(sasl.annotation).not.toContain("s3cr3t-sasl");
  });

  it("returns NON_COMPLIANT for an opensearch endpoint with an http EndpointUri and COMPLIANT with https", () => {
    const http = evaluate(
      endpoint({
        EngineName: "opensearch",
        ElasticsearchSettings: { EndpointUri: "http://search.example.com" },
      }),
    );
    expect(http.compliance).toBe("NON_COMPLIANT");
    const https = evaluate(
      endpoint({
        EngineName: "elasticsearch",
        ElasticsearchSettings: { EndpointUri: "https://search.example.com" },
      }),
    );
    expect(https.compliance).toBe("COMPLIANT");
  });

  it("returns NON_COMPLIANT saying migration-guard does not know the engine when it is not in the SSL table", () => {
    const result = evaluate(endpoint({ EngineName: "quantumdb", SslMode: "verify-full" }));
    expect(result.compliance).toBe("NON_COMPLIANT");
    expect(result.annotation).toContain('engine "quantumdb" is not known to migration-guard');
  });

  it("returns COMPLIANT for a data provider whose PostgreSqlSettings use verify-full with a valid certificate", () => {
    const provider = dataProvider("sales-pg-provider", (raw) => {
      (raw.Settings as { PostgreSqlSettings: Record<string, unknown> }).PostgreSqlSettings.CertificateArn =
        VALID_CERT;
    });

    expect(evaluate(provider)).toEqual({
      compliance: "COMPLIANT",
      annotation: "postgres data provider uses SslMode verify-full (minimumLevel verified)",
    });
    expect(rule.references?.(provider)).toEqual({ dmsCertificates: [VALID_CERT] });
  });

  it("returns NON_COMPLIANT for a data provider whose MySqlSettings use SslMode none, naming the supported modes and ModifyDataProvider", () => {
    const result = evaluate(dataProvider("crm-mysql-provider"));

    expect(result).toEqual({
      compliance: "NON_COMPLIANT",
      annotation:
        "mysql data provider uses SslMode none (unencrypted); use verify-full with a CA certificate (supported: verify-ca, verify-full); change it with ModifyDataProvider (MySqlSettings)",
    });
  });

  it("returns NON_COMPLIANT for a data provider with verify-ca and no CertificateArn, asking for a CA certificate", () => {
    const provider = dataProvider("sales-pg-provider", (raw) => {
      raw.Settings = { OracleSettings: { ServerName: "erp.example.com", SslMode: "verify-ca" } };
    });

    const result = evaluate(provider);

    expect(result.compliance).toBe("NON_COMPLIANT");
    expect(result.annotation).toMatch(
      /^oracle data provider uses SslMode verify-ca but has no CA certificate/,
    );
  });

  it("returns COMPLIANT for a Redshift data provider (RedshiftSettings has no SslMode), as the Redshift row says", () => {
    const result = evaluate(dataProvider("dw-redshift-provider"));

    expect(result.compliance).toBe("COMPLIANT");
    expect(result.annotation).toMatch(/^data provider: Amazon Redshift already uses an SSL connection/);
  });

  it("returns NOT_APPLICABLE for a virtual data provider", () => {
    expect(evaluate(dataProvider("planned-target"))).toEqual({
      compliance: "NOT_APPLICABLE",
      annotation: "virtual data provider: no database connection to encrypt",
    });
  });
});
