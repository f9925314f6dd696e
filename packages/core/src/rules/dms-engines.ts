import { own } from "../util/own.js";

/**
 * DMS engines and how their transport is secured, from the SSL seed
 * (docs/seeds/dms-using-ssl.txt, "Using SSL with AWS Database Migration Service").
 *
 * The seed's table lists which SslMode values each database engine supports. Every DMS
 * `EngineName` maps onto one row of that table, onto "encrypted by default" (the seed's note on
 * Kinesis and DynamoDB, and its limitation on Redshift), or onto engine settings that carry the
 * transport security (Redis, Kafka, OpenSearch).
 */

type SslModeName = "none" | "require" | "verify-ca" | "verify-full";

/** Strongest first. */
const SSL_MODE_STRENGTH: readonly SslModeName[] = ["verify-full", "verify-ca", "require", "none"];

interface SslTableRow {
  kind: "ssl-mode";
  /** The seed table's row name. */
  row: string;
  supported: readonly SslModeName[];
}
interface EncryptedByDefault {
  kind: "encrypted-by-default";
  reason: string;
}
interface SettingsSecured {
  kind: "settings";
  family: "redis" | "kafka" | "opensearch";
}
type EngineTransport = SslTableRow | EncryptedByDefault | SettingsSecured;

const MYSQL: SslTableRow = {
  kind: "ssl-mode",
  row: "MySQL/MariaDB/Amazon Aurora MySQL",
  supported: ["verify-ca", "verify-full"],
};
const SQLSERVER: SslTableRow = {
  kind: "ssl-mode",
  row: "Microsoft SQL Server",
  supported: ["require", "verify-full"],
};
const POSTGRES: SslTableRow = {
  kind: "ssl-mode",
  row: "PostgreSQL",
  supported: ["require", "verify-ca", "verify-full"],
};
const ORACLE: SslTableRow = { kind: "ssl-mode", row: "Oracle", supported: ["verify-ca"] };
const SAP_ASE: SslTableRow = { kind: "ssl-mode", row: "SAP ASE", supported: ["verify-full"] };
const MONGODB: SslTableRow = { kind: "ssl-mode", row: "MongoDB", supported: ["require", "verify-full"] };
const DB2_LUW: SslTableRow = { kind: "ssl-mode", row: "Db2 LUW", supported: ["verify-ca"] };
const DB2_ZOS: SslTableRow = { kind: "ssl-mode", row: "Db2 for z/OS", supported: ["verify-ca"] };

/**
 * Aurora Serverless (v1) is MySQL- or PostgreSQL-compatible and the engine name does not say which:
 * only the modes both rows support are accepted.
 */
const AURORA_SERVERLESS: SslTableRow = {
  kind: "ssl-mode",
  row: "Amazon Aurora Serverless (MySQL or PostgreSQL rows)",
  supported: ["verify-ca", "verify-full"],
};

const HTTPS_BY_DEFAULT = (service: string): EncryptedByDefault => ({
  kind: "encrypted-by-default",
  reason: `${service} is reached over HTTPS by default; SslMode does not apply`,
});

/** Every DMS EngineName (API and CloudFormation spell them the same), lower-case. */
const ENGINES: Readonly<Record<string, EngineTransport>> = {
  mysql: MYSQL,
  mariadb: MYSQL,
  aurora: MYSQL,
  "aurora-mysql": MYSQL,
  "aurora-serverless": AURORA_SERVERLESS,
  "gcp-mysql": MYSQL,
  sqlserver: SQLSERVER,
  azuredb: SQLSERVER,
  "azure-sql-managed-instance": SQLSERVER,
  // Babelfish for Aurora PostgreSQL is a target reached over the SQL Server TDS protocol.
  babelfish: SQLSERVER,
  postgres: POSTGRES,
  postgresql: POSTGRES,
  "aurora-postgresql": POSTGRES,
  "aurora-postgresql-serverless": POSTGRES,
  "azure-postgresql": POSTGRES,
  oracle: ORACLE,
  sybase: SAP_ASE,
  mongodb: MONGODB,
  // Amazon DocumentDB is MongoDB-compatible and uses the MongoDB row of the table.
  docdb: MONGODB,
  documentdb: MONGODB,
  db2: DB2_LUW,
  "db2-zos": DB2_ZOS,
  redshift: {
    kind: "encrypted-by-default",
    reason:
      "Amazon Redshift already uses an SSL connection; DMS moves the data through Amazon S3, encrypted by Redshift by default",
  },
  "redshift-serverless": {
    kind: "encrypted-by-default",
    reason:
      "Amazon Redshift Serverless already uses an SSL connection; DMS moves the data through Amazon S3, encrypted by default",
  },
  s3: HTTPS_BY_DEFAULT("Amazon S3"),
  // DmsTransferSettings: a source read from an S3 bucket (BucketName, ServiceAccessRoleArn).
  "dms-transfer": HTTPS_BY_DEFAULT("Amazon S3 (DMS transfer source)"),
  dynamodb: HTTPS_BY_DEFAULT("Amazon DynamoDB"),
  kinesis: HTTPS_BY_DEFAULT("Amazon Kinesis Data Streams"),
  timestream: HTTPS_BY_DEFAULT("Amazon Timestream"),
  neptune: HTTPS_BY_DEFAULT("Amazon Neptune (HTTPS only since engine 1.0.4.0)"),
  redis: { kind: "settings", family: "redis" },
  kafka: { kind: "settings", family: "kafka" },
  elasticsearch: { kind: "settings", family: "opensearch" },
  opensearch: { kind: "settings", family: "opensearch" },
};

function engineTransport(engineName: string): EngineTransport | undefined {
  return own(ENGINES, engineName.toLowerCase());
}

/**
 * The verdict text for an engine missing from a rule's table. Such an endpoint is NON_COMPLIANT:
 * PutEvaluations accepts only COMPLIANT, NON_COMPLIANT and NOT_APPLICABLE for an evaluation (no
 * INSUFFICIENT_DATA), and NOT_APPLICABLE would state, untested, that the requirement does not
 * apply, hiding the endpoint from the non-compliant list.
 */
function unknownEngine(engineName: string, check: string): string {
  return `engine ${JSON.stringify(engineName.slice(0, 40))} is not known to migration-guard; ${check} by hand, and update migration-guard`;
}

function isSslModeName(value: string): value is SslModeName {
  return (SSL_MODE_STRENGTH as readonly string[]).includes(value);
}

export type { EngineTransport, SslModeName, SslTableRow };
export { ENGINES, engineTransport, isSslModeName, SSL_MODE_STRENGTH, unknownEngine };
