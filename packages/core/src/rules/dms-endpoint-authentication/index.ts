import { own } from "../../util/own.js";
import { unknownEngine } from "../dms-engines.js";
import { defineRule, type Finding } from "../types.js";

/**
 * dms-endpoint-authentication — endpoints that can connect without authenticating do not.
 *
 * Source: docs/seeds/sms-data-protection.txt (Data protection): "we recommend that you protect
 * AWS account credentials and set up individual user accounts with AWS Identity and Access
 * Management (IAM). That way each user is given only the permissions necessary". DMS endpoint
 * settings that allow anonymous access: MongoDB `AuthType: no`, Neptune without
 * `IamAuthEnabled`, Kafka brokers reached without client authentication, Redis `AuthType: none`.
 *
 * Scenarios: `scenarios` in the metadata below (one test each; `migration-guard explain` prints them).
 */

const KAFKA_AUTHENTICATED = new Set(["sasl-ssl", "ssl-authentication"]);
const REDIS_AUTHENTICATED = new Set(["auth-token", "auth-role"]);
/**
 * How DMS authenticates to each engine (every EngineName the DMS API model names, lower-case):
 * `checked` engines have a setting that allows anonymous access and are evaluated below;
 * `database-user` engines connect with the database's own user (Username/Password or a Secrets
 * Manager secret); `service-role` engines through the endpoint's IAM service access role.
 */
const AUTHENTICATION: Readonly<Record<string, "checked" | "database-user" | "service-role">> = {
  mongodb: "checked",
  docdb: "checked",
  documentdb: "checked",
  neptune: "checked",
  kafka: "checked",
  redis: "checked",
  mysql: "database-user",
  mariadb: "database-user",
  aurora: "database-user",
  "aurora-mysql": "database-user",
  "aurora-serverless": "database-user",
  "gcp-mysql": "database-user",
  sqlserver: "database-user",
  azuredb: "database-user",
  "azure-sql-managed-instance": "database-user",
  babelfish: "database-user",
  postgres: "database-user",
  postgresql: "database-user",
  "aurora-postgresql": "database-user",
  "aurora-postgresql-serverless": "database-user",
  "azure-postgresql": "database-user",
  oracle: "database-user",
  sybase: "database-user",
  db2: "database-user",
  "db2-zos": "database-user",
  redshift: "database-user",
  "redshift-serverless": "database-user",
  s3: "service-role",
  "dms-transfer": "service-role",
  dynamodb: "service-role",
  kinesis: "service-role",
  opensearch: "service-role",
  elasticsearch: "service-role",
  timestream: "service-role",
};

const rule = defineRule({
  name: "dms-endpoint-authentication",
  description:
    "MongoDB/DocumentDB endpoints use password authentication, Neptune targets IAM authentication, Kafka endpoints SASL-SSL or TLS client authentication, Redis targets AUTH",
  resourceKind: "dmsEndpoint",
  triggers: { configurationChange: true, periodic: "TwentyFour_Hours" },
  parameters: {},
  facts: [],
  severity: "high",
  remediation:
    "Modify the endpoint: MongoDbSettings.AuthType password, NeptuneSettings.IamAuthEnabled true, KafkaSettings.SecurityProtocol sasl-ssl / ssl-authentication, or RedisSettings.AuthType auth-token / auth-role; then test the connection",
  source: {
    document: "sms-data-protection.txt",
    text: "For data protection purposes, we recommend that you protect AWS account credentials and set up individual user accounts with AWS Identity and Access Management (IAM).",
  },
  scenarios: [
    "Given a mongodb endpoint with MongoDbSettings.AuthType no, Then NON_COMPLIANT asking for password authentication.",
    "Given a mongodb endpoint with AuthType password (or unset: password is the default), Then COMPLIANT.",
    "Given a docdb endpoint, Then COMPLIANT unless its MongoDbSettings.AuthType is no (DocumentDB requires a user).",
    "Given a neptune target without NeptuneSettings.IamAuthEnabled, Then NON_COMPLIANT; with it true, Then COMPLIANT.",
    "Given a kafka endpoint with SecurityProtocol plaintext or unset, Then NON_COMPLIANT.",
    "Given a kafka endpoint with ssl-encryption (no client authentication), Then NON_COMPLIANT.",
    "Given a kafka endpoint with sasl-ssl or ssl-authentication, Then COMPLIANT.",
    "Given a redis target with RedisSettings.AuthType none or unset, Then NON_COMPLIANT; with auth-token or auth-role, Then COMPLIANT.",
    "Given a postgres endpoint, Then NOT_APPLICABLE (the database's own user).",
    "Given an S3 endpoint, Then NOT_APPLICABLE (its IAM service access role).",
    "Given an engine missing from AUTHENTICATION, Then NON_COMPLIANT saying migration-guard does not know it.",
  ],
  evaluate(endpoint): Finding {
    const { settings } = endpoint;
    switch (endpoint.engineName) {
      case "mongodb":
      case "docdb":
      case "documentdb": {
        // The DMS API reference gives password as AuthType's default.
        const authType = settings.mongoDb?.authType ?? "password";
        if (authType === "no")
          return {
            compliance: "NON_COMPLIANT",
            annotation: `${endpoint.engineName} endpoint connects without authentication (MongoDbSettings.AuthType no); set AuthType password with a user (or a Secrets Manager secret)`,
          };
        return {
          compliance: "COMPLIANT",
          annotation: `${endpoint.engineName} endpoint uses ${authType} authentication${settings.mongoDb?.authMechanism ? ` (${settings.mongoDb.authMechanism})` : ""}`,
        };
      }
      case "neptune":
        return settings.neptune?.iamAuthEnabled === true
          ? { compliance: "COMPLIANT", annotation: "neptune endpoint uses IAM authentication" }
          : {
              compliance: "NON_COMPLIANT",
              annotation:
                "neptune endpoint does not use IAM authentication; enable IAM database authentication on the cluster and set NeptuneSettings.IamAuthEnabled true",
            };
      case "kafka": {
        // Without SecurityProtocol, DMS connects to the brokers in plaintext.
        const protocol = settings.kafka?.securityProtocol ?? "plaintext";
        if (KAFKA_AUTHENTICATED.has(protocol))
          return { compliance: "COMPLIANT", annotation: `kafka endpoint authenticates with ${protocol}` };
        return {
          compliance: "NON_COMPLIANT",
          annotation: `kafka endpoint uses KafkaSettings.SecurityProtocol ${protocol.slice(0, 30)}, which does not authenticate DMS to the brokers; use sasl-ssl or ssl-authentication`,
        };
      }
      case "redis": {
        // Without AuthType, DMS connects to Redis without AUTH.
        const authType = settings.redis?.authType ?? "none";
        if (REDIS_AUTHENTICATED.has(authType))
          return { compliance: "COMPLIANT", annotation: `redis endpoint authenticates with ${authType}` };
        return {
          compliance: "NON_COMPLIANT",
          annotation: `redis endpoint uses RedisSettings.AuthType ${authType.slice(0, 30)}, so DMS connects without authentication; use auth-token (Redis AUTH) or auth-role (Redis ACL user)`,
        };
      }
      default:
        switch (own(AUTHENTICATION, endpoint.engineName)) {
          case "service-role":
            return {
              compliance: "NOT_APPLICABLE",
              annotation: `${endpoint.engineName} endpoints authenticate through the endpoint's IAM service access role`,
            };
          case "database-user":
            return {
              compliance: "NOT_APPLICABLE",
              annotation: `${endpoint.engineName} endpoints authenticate with the database's own user (password or Secrets Manager secret)`,
            };
          default:
            return {
              compliance: "NON_COMPLIANT",
              annotation: unknownEngine(
                endpoint.engineName,
                "check whether it can connect without authentication",
              ),
            };
        }
    }
  },
});

export { AUTHENTICATION, rule };
