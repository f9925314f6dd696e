import type { DmsDataProvider, DmsEndpoint, Facts } from "../../model/index.js";
import {
  engineTransport,
  isSslModeName,
  SSL_MODE_STRENGTH,
  type SslModeName,
  type SslTableRow,
  unknownEngine,
} from "../dms-engines.js";
import { param } from "../params.js";
import { defineRule, type Finding } from "../types.js";

/**
 * dms-endpoint-tls — encryption in transit for every DMS endpoint.
 *
 * Source: docs/seeds/dms-using-ssl.txt (Using SSL with AWS DMS): "Not all SSL modes work
 * with all database endpoints. The following table shows which SSL modes are supported for each
 * database engine." and "If you choose verify-ca or verify-full mode, specify the certificate that
 * you want to use for CA certificate".
 *
 * DMS Schema Conversion / homogeneous migration data providers (DescribeDataProviders) join it: the
 * `SslMode` and `CertificateArn` of the provider's settings object (DataProviderSettings' members in
 * the DMS API model; RedshiftSettings has no SslMode) get the same per-engine table and certificate
 * checks; a settings object without SslMode gets the verdict its engine's row gives. A virtual
 * provider (`Virtual: true`) has no connection. ModifyDataProvider takes Settings.
 *
 * Scenarios: `scenarios` in the metadata below (one test each; `migration-guard explain` prints them).
 */

const LEVELS = ["encrypted", "verified", "strongest"] as const;
type Level = (typeof LEVELS)[number];

const VERIFYING: readonly SslModeName[] = ["verify-ca", "verify-full"];

/** The modes of an engine row that satisfy a level, strongest first. */
function acceptableModes(row: SslTableRow, level: Level): SslModeName[] {
  const supported = SSL_MODE_STRENGTH.filter((m) => row.supported.includes(m));
  switch (level) {
    case "encrypted":
      return supported.filter((m) => m !== "none");
    case "verified":
      return supported.filter((m) => VERIFYING.includes(m));
    case "strongest":
      return supported.slice(0, 1);
  }
}

function advice(mode: SslModeName): string {
  return VERIFYING.includes(mode) ? `${mode} with a CA certificate` : mode;
}

/** What SslMode is checked on: an endpoint, or a data provider's settings (`noun` names it). */
interface SslTarget {
  noun: string;
  engineName: string;
  sslMode?: string | undefined;
  certificateArn?: string | undefined;
}

function checkCertificate(
  endpoint: SslTarget,
  certificates: Facts["dmsCertificates"],
  now: Date,
): Finding | undefined {
  const mode = endpoint.sslMode;
  if (!endpoint.certificateArn) {
    return {
      compliance: "NON_COMPLIANT",
      annotation: `${endpoint.engineName} ${endpoint.noun} uses SslMode ${mode} but has no CA certificate; import the server's CA certificate (PEM) into DMS and set CertificateArn`,
    };
  }
  const certificate = certificates.get(endpoint.certificateArn);
  if (!certificate) {
    return {
      compliance: "NON_COMPLIANT",
      annotation: `${endpoint.engineName} ${endpoint.noun} uses SslMode ${mode} with certificate ${endpoint.certificateArn}, which does not exist in DMS; import the CA certificate and assign it`,
    };
  }
  if (certificate.validTo && certificate.validTo.getTime() <= now.getTime()) {
    return {
      compliance: "NON_COMPLIANT",
      annotation: `${endpoint.engineName} ${endpoint.noun} uses SslMode ${mode} with certificate ${certificate.identifier}, which expired on ${certificate.validTo.toISOString().slice(0, 10)}; import a current CA certificate and assign it`,
    };
  }
  return undefined;
}

function evaluateSslMode(
  endpoint: SslTarget,
  row: SslTableRow,
  level: Level,
  ctx: { now: Date; facts: Pick<Facts, "dmsCertificates"> },
): Finding {
  const engine = endpoint.engineName;
  const supportedText = `supported: ${row.supported.join(", ")}`;
  const acceptable = acceptableModes(row, level);
  const best = acceptable[0] ?? row.supported[row.supported.length - 1] ?? "verify-full";
  const mode = (endpoint.sslMode ?? "none").toLowerCase();

  if (!isSslModeName(mode)) {
    return {
      compliance: "NON_COMPLIANT",
      annotation: `${engine} ${endpoint.noun} has unknown SslMode ${JSON.stringify(mode.slice(0, 40))}; use ${advice(best)} (${supportedText})`,
    };
  }
  if (mode === "none") {
    return {
      compliance: "NON_COMPLIANT",
      annotation: `${engine} ${endpoint.noun} uses SslMode none (unencrypted); use ${advice(best)} (${supportedText})`,
    };
  }
  if (!row.supported.includes(mode)) {
    return {
      compliance: "NON_COMPLIANT",
      annotation: `${engine} ${endpoint.noun} uses SslMode ${mode}, which ${row.row} does not support; use ${advice(best)} (${supportedText})`,
    };
  }
  if (!acceptable.includes(mode)) {
    const why =
      level === "verified"
        ? "does not verify the server certificate"
        : `is weaker than minimumLevel ${level} requires`;
    return {
      compliance: "NON_COMPLIANT",
      annotation: `${engine} ${endpoint.noun} uses SslMode ${mode}, which ${why}; use ${advice(best)} (${supportedText})`,
    };
  }
  if (VERIFYING.includes(mode)) {
    const problem = checkCertificate(endpoint, ctx.facts.dmsCertificates, ctx.now);
    if (problem) return problem;
  }
  return {
    compliance: "COMPLIANT",
    annotation: `${engine} ${endpoint.noun} uses SslMode ${mode} (minimumLevel ${level})`,
  };
}

function evaluateSettings(endpoint: DmsEndpoint, family: "redis" | "kafka" | "opensearch"): Finding {
  const { settings } = endpoint;
  switch (family) {
    case "redis": {
      // The DMS API reference gives ssl-encryption as the default SslSecurityProtocol.
      const protocol = settings.redis?.sslSecurityProtocol ?? "ssl-encryption";
      return protocol === "ssl-encryption"
        ? { compliance: "COMPLIANT", annotation: "redis endpoint uses SslSecurityProtocol ssl-encryption" }
        : {
            compliance: "NON_COMPLIANT",
            annotation: `redis endpoint uses RedisSettings.SslSecurityProtocol ${protocol}; set it to ssl-encryption`,
          };
    }
    case "kafka": {
      // Without SecurityProtocol, DMS connects to the brokers in plaintext.
      const protocol = settings.kafka?.securityProtocol ?? "plaintext";
      return protocol === "plaintext"
        ? {
            compliance: "NON_COMPLIANT",
            annotation:
              "kafka endpoint uses KafkaSettings.SecurityProtocol plaintext; use ssl-encryption, ssl-authentication or sasl-ssl",
          }
        : { compliance: "COMPLIANT", annotation: `kafka endpoint uses SecurityProtocol ${protocol}` };
    }
    case "opensearch": {
      // DMS API reference, ElasticsearchSettings.EndpointUri: "DMS uses HTTPS if a transport
      // protocol (http/https) is not specified."
      const uri = settings.openSearch?.endpointUri ?? endpoint.serverName ?? "";
      return !/^http:\/\//i.test(uri)
        ? {
            compliance: "COMPLIANT",
            annotation: /^https:\/\//i.test(uri)
              ? `${endpoint.engineName} endpoint uses an https EndpointUri`
              : `${endpoint.engineName} endpoint's EndpointUri names no protocol, so DMS uses HTTPS`,
          }
        : {
            compliance: "NON_COMPLIANT",
            annotation: `${endpoint.engineName} endpoint's EndpointUri is not https; use the domain's https:// endpoint`,
          };
    }
  }
}

function isProvider(r: DmsEndpoint | DmsDataProvider): r is DmsDataProvider {
  return "resourceType" in r && r.resourceType === "AWS::DMS::DataProvider";
}

/**
 * A data provider: NOT_APPLICABLE when virtual; else the SSL row of its settings object's engine
 * (its Engine when it has no settings object). ModifyDataProvider changes the settings in place.
 */
function evaluateProvider(
  provider: DmsDataProvider,
  level: Level,
  ctx: { now: Date; facts: Pick<Facts, "dmsCertificates"> },
): Finding {
  if (provider.virtual)
    return {
      compliance: "NOT_APPLICABLE",
      annotation: "virtual data provider: no database connection to encrypt",
    };
  const engineName = provider.sslEngine ?? provider.engine;
  const transport = engineTransport(engineName);
  if (!transport || transport.kind === "settings")
    return {
      compliance: "NON_COMPLIANT",
      annotation: unknownEngine(engineName, "verify its encryption in transit"),
    };
  if (transport.kind === "encrypted-by-default")
    return { compliance: "COMPLIANT", annotation: `data provider: ${transport.reason}` };
  const finding = evaluateSslMode({ noun: "data provider", ...provider, engineName }, transport, level, ctx);
  return finding.compliance === "NON_COMPLIANT"
    ? {
        ...finding,
        annotation: `${finding.annotation}; change it with ModifyDataProvider (${provider.settingsMember ?? "Settings"})`,
      }
    : finding;
}

const rule = defineRule({
  name: "dms-endpoint-tls",
  description:
    "DMS endpoints and data providers encrypt data in transit with an SslMode the engine supports, verifying the server where required",
  resourceKind: "dmsDatabaseConnection",
  triggers: { configurationChange: true, periodic: "TwentyFour_Hours" },
  parameters: {
    minimumLevel: param.enum(
      LEVELS,
      "verified",
      "encrypted: any encrypting SslMode; verified: verify-ca or verify-full; strongest: the strongest mode the engine supports",
    ),
  },
  facts: ["dmsCertificates"],
  // DescribeCertificates is read only when an endpoint names a certificate.
  scenarios: [
    "Given a postgres endpoint with SslMode none, Then NON_COMPLIANT naming verify-full and the supported modes.",
    "Given a mysql endpoint with SslMode require, Then NON_COMPLIANT: require is not supported on MySQL.",
    "Given a sqlserver endpoint with SslMode verify-ca, Then NON_COMPLIANT: verify-ca is not supported on SQL Server.",
    "Given a postgres endpoint with SslMode require and minimumLevel verified, Then NON_COMPLIANT: require does not verify the server.",
    "Given a postgres endpoint with SslMode require and minimumLevel encrypted, Then COMPLIANT.",
    "Given a postgres endpoint with verify-full and a valid certificate, Then COMPLIANT.",
    "Given a postgres endpoint with verify-ca and minimumLevel strongest, Then NON_COMPLIANT asking for verify-full.",
    "Given an oracle endpoint with verify-ca and minimumLevel strongest, Then COMPLIANT (verify-ca is Oracle's strongest).",
    "Given an aurora-postgresql endpoint, Then the PostgreSQL row applies (and docdb uses the MongoDB row).",
    "Given a verify-ca endpoint without CertificateArn, Then NON_COMPLIANT asking for a CA certificate.",
    "Given a verify-full endpoint whose certificate is not in DMS, Then NON_COMPLIANT.",
    "Given a verify-full endpoint whose certificate has expired, Then NON_COMPLIANT with the expiry date.",
    "Given an S3, DynamoDB, Kinesis or Redshift endpoint with SslMode none, Then COMPLIANT saying why.",
    "Given a redis endpoint with SslSecurityProtocol plaintext, Then NON_COMPLIANT; with ssl-encryption, Then COMPLIANT.",
    "Given a kafka endpoint with SecurityProtocol plaintext or unset, Then NON_COMPLIANT; with sasl-ssl, Then COMPLIANT.",
    "Given an opensearch endpoint with an http:// EndpointUri, Then NON_COMPLIANT; with https:// or no protocol (DMS uses HTTPS), Then COMPLIANT.",
    "Given an endpoint of an engine missing from the SSL table, Then NON_COMPLIANT saying migration-guard does not know the engine.",
    "Given a data provider whose PostgreSqlSettings use verify-full with a valid certificate, Then COMPLIANT.",
    "Given a data provider whose MySqlSettings use SslMode none, Then NON_COMPLIANT naming the supported modes and ModifyDataProvider.",
    "Given a data provider with verify-ca and no CertificateArn, Then NON_COMPLIANT asking for a CA certificate.",
    "Given a Redshift data provider (RedshiftSettings has no SslMode), Then COMPLIANT as the Redshift row says.",
    "Given a virtual data provider, Then NOT_APPLICABLE.",
  ],
  references: (resource) => ({ dmsCertificates: [resource.certificateArn] }),
  severity: "high",
  remediation:
    "Modify the endpoint (ModifyEndpoint) or data provider (ModifyDataProvider settings): choose an SslMode the engine supports (verify-full or verify-ca with an imported CA certificate), then test the connection",
  source: {
    document: "dms-using-ssl.txt",
    text: "Not all SSL modes work with all database endpoints. The following table shows which SSL modes are supported for each database engine.",
  },
  evaluate(resource, params, ctx) {
    if (isProvider(resource)) return evaluateProvider(resource, params.minimumLevel, ctx);
    const endpoint = resource;
    const transport = engineTransport(endpoint.engineName);
    if (!transport) {
      return {
        compliance: "NON_COMPLIANT",
        annotation: unknownEngine(endpoint.engineName, "verify its encryption in transit"),
      };
    }
    switch (transport.kind) {
      case "encrypted-by-default":
        return { compliance: "COMPLIANT", annotation: transport.reason };
      case "settings":
        return evaluateSettings(endpoint, transport.family);
      case "ssl-mode":
        return evaluateSslMode({ noun: "endpoint", ...endpoint }, transport, params.minimumLevel, ctx);
    }
  },
});

export { acceptableModes, rule };
