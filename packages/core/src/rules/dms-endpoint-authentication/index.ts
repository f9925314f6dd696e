import { defineRule, type Finding } from "../types.js";

/**
 * dms-endpoint-authentication — endpoints that can connect without authenticating do not.
 *
 * Source: shared/seeds/003_6c60924a3b913daa.txt (Data protection): "we recommend that you protect
 * AWS account credentials and set up individual user accounts with AWS Identity and Access
 * Management (IAM). That way each user is given only the permissions necessary". DMS endpoint
 * settings that allow anonymous access: MongoDB `AuthType: no`, Neptune without
 * `IamAuthEnabled`, Kafka brokers reached without client authentication.
 *
 * Scenarios:
 * - Given a mongodb endpoint with MongoDbSettings.AuthType no, Then NON_COMPLIANT asking for password authentication.
 * - Given a mongodb endpoint with AuthType password (or unset: password is the default), Then COMPLIANT.
 * - Given a docdb endpoint, Then COMPLIANT unless its MongoDbSettings.AuthType is no (DocumentDB requires a user).
 * - Given a neptune target without NeptuneSettings.IamAuthEnabled, Then NON_COMPLIANT; with it true, Then COMPLIANT.
 * - Given a kafka endpoint with SecurityProtocol plaintext or unset, Then NON_COMPLIANT.
 * - Given a kafka endpoint with ssl-encryption (no client authentication), Then NON_COMPLIANT.
 * - Given a kafka endpoint with sasl-ssl or ssl-authentication, Then COMPLIANT.
 * - Given a postgres endpoint, Then NOT_APPLICABLE.
 */

const KAFKA_AUTHENTICATED = new Set(["sasl-ssl", "ssl-authentication"]);

const rule = defineRule({
  name: "dms-endpoint-authentication",
  description:
    "MongoDB/DocumentDB endpoints use password authentication, Neptune targets IAM authentication, Kafka endpoints SASL-SSL or TLS client authentication",
  resourceType: "AWS::DMS::Endpoint",
  resourceKind: "dmsEndpoint",
  triggers: { configurationChange: true, periodic: "TwentyFour_Hours" },
  parameters: {},
  facts: [],
  severity: "high",
  remediation:
    "Modify the endpoint: MongoDbSettings.AuthType password, NeptuneSettings.IamAuthEnabled true, or KafkaSettings.SecurityProtocol sasl-ssl / ssl-authentication; then test the connection",
  source: {
    document: "003_6c60924a3b913daa.txt",
    text: "For data protection purposes, we recommend that you protect AWS account credentials and set up individual user accounts with AWS Identity and Access Management (IAM).",
  },
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
      default:
        return {
          compliance: "NOT_APPLICABLE",
          annotation: `${endpoint.engineName.slice(0, 40)} endpoints authenticate with the engine's own user and password`,
        };
    }
  },
});

export { rule };
