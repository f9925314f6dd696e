import type { DmsCertificate, DmsEndpoint, EndpointSettings, Tags } from "../model/index.js";
import { list, optBool, optDate, optList, optNum, optRecord, optStr, record, str } from "../util/read.js";

/**
 * DMS shapes → model. The DMS API (DescribeEndpoints) and AWS Config's configuration items
 * (CloudFormation `AWS::DMS::Endpoint` property names) use the same field names for the
 * settings we read; they differ in EndpointType's case, in where the ARN lives and in tags.
 * Both go through `toEndpoint`.
 */

function lower(value: string | undefined): string | undefined {
  return value === undefined ? undefined : value.toLowerCase();
}

function settingsFrom(raw: Record<string, unknown>, path: string): EndpointSettings {
  const settings: EndpointSettings = {};
  const s3 = optRecord(raw.S3Settings, `${path}.S3Settings`);
  if (s3)
    settings.s3 = {
      encryptionMode: optStr(s3.EncryptionMode, `${path}.S3Settings.EncryptionMode`),
      kmsKeyId: optStr(s3.ServerSideEncryptionKmsKeyId, `${path}.S3Settings.ServerSideEncryptionKmsKeyId`),
    };
  const redshift = optRecord(raw.RedshiftSettings, `${path}.RedshiftSettings`);
  if (redshift)
    settings.redshift = {
      encryptionMode: optStr(redshift.EncryptionMode, `${path}.RedshiftSettings.EncryptionMode`),
      kmsKeyId: optStr(
        redshift.ServerSideEncryptionKmsKeyId,
        `${path}.RedshiftSettings.ServerSideEncryptionKmsKeyId`,
      ),
    };
  const redis = optRecord(raw.RedisSettings, `${path}.RedisSettings`);
  if (redis)
    settings.redis = {
      sslSecurityProtocol: lower(
        optStr(redis.SslSecurityProtocol, `${path}.RedisSettings.SslSecurityProtocol`),
      ),
      sslCaCertificateArn: optStr(redis.SslCaCertificateArn, `${path}.RedisSettings.SslCaCertificateArn`),
      authType: lower(optStr(redis.AuthType, `${path}.RedisSettings.AuthType`)),
    };
  const kafka = optRecord(raw.KafkaSettings, `${path}.KafkaSettings`);
  if (kafka)
    settings.kafka = {
      securityProtocol: lower(optStr(kafka.SecurityProtocol, `${path}.KafkaSettings.SecurityProtocol`)),
      broker: optStr(kafka.Broker, `${path}.KafkaSettings.Broker`),
      saslMechanism: optStr(kafka.SaslMechanism, `${path}.KafkaSettings.SaslMechanism`),
      sslCaCertificateArn: optStr(kafka.SslCaCertificateArn, `${path}.KafkaSettings.SslCaCertificateArn`),
      sslClientCertificateArn: optStr(
        kafka.SslClientCertificateArn,
        `${path}.KafkaSettings.SslClientCertificateArn`,
      ),
    };
  const es = optRecord(raw.ElasticsearchSettings, `${path}.ElasticsearchSettings`);
  if (es)
    settings.openSearch = {
      endpointUri: optStr(es.EndpointUri, `${path}.ElasticsearchSettings.EndpointUri`),
    };
  const mongo = optRecord(raw.MongoDbSettings, `${path}.MongoDbSettings`);
  if (mongo)
    settings.mongoDb = {
      authType: lower(optStr(mongo.AuthType, `${path}.MongoDbSettings.AuthType`)),
      authMechanism: lower(optStr(mongo.AuthMechanism, `${path}.MongoDbSettings.AuthMechanism`)),
      serverName: optStr(mongo.ServerName, `${path}.MongoDbSettings.ServerName`),
    };
  const docdb = optRecord(raw.DocDbSettings, `${path}.DocDbSettings`);
  if (docdb) settings.docDb = { serverName: optStr(docdb.ServerName, `${path}.DocDbSettings.ServerName`) };
  const neptune = optRecord(raw.NeptuneSettings, `${path}.NeptuneSettings`);
  if (neptune)
    settings.neptune = {
      iamAuthEnabled: optBool(neptune.IamAuthEnabled, `${path}.NeptuneSettings.IamAuthEnabled`),
    };
  return settings;
}

/** Tags as CloudFormation/DMS lists them: `[{ Key, Value }]`. */
function tagsFromList(value: unknown, path: string): Tags {
  const tags: Tags = {};
  optList(value, path).forEach((item, i) => {
    const tag = record(item, `${path}[${i}]`);
    tags[str(tag.Key, `${path}[${i}].Key`)] = optStr(tag.Value, `${path}[${i}].Value`) ?? "";
  });
  return tags;
}

/**
 * One endpoint from either shape. `arn` is passed in because it lives outside the configuration
 * in a configuration item. `tags` likewise (Config keeps them beside the configuration).
 */
function toEndpoint(
  raw: Record<string, unknown>,
  path: string,
  arn: string,
  tags: Tags | undefined,
): DmsEndpoint {
  const type = lower(optStr(raw.EndpointType, `${path}.EndpointType`));
  return {
    arn,
    identifier: optStr(raw.EndpointIdentifier, `${path}.EndpointIdentifier`) ?? arn,
    endpointType: type === "source" || type === "target" ? type : "unknown",
    engineName: (optStr(raw.EngineName, `${path}.EngineName`) ?? "unknown").toLowerCase(),
    sslMode: lower(optStr(raw.SslMode, `${path}.SslMode`)),
    certificateArn: optStr(raw.CertificateArn, `${path}.CertificateArn`),
    kmsKeyId: optStr(raw.KmsKeyId, `${path}.KmsKeyId`),
    serverName: optStr(raw.ServerName, `${path}.ServerName`),
    extraConnectionAttributes: optStr(raw.ExtraConnectionAttributes, `${path}.ExtraConnectionAttributes`),
    settings: settingsFrom(raw, path),
    tags,
  };
}

/** DescribeEndpoints output (merged pages) → endpoints. */
function endpointsFromApi(output: unknown): DmsEndpoint[] {
  const path = "dms.DescribeEndpoints";
  const items = list(record(output, path).Endpoints ?? [], `${path}.Endpoints`);
  return items.map((item, i) => {
    const raw = record(item, `${path}.Endpoints[${i}]`);
    return toEndpoint(
      raw,
      `${path}.Endpoints[${i}]`,
      str(raw.EndpointArn, `${path}.Endpoints[${i}].EndpointArn`),
      undefined,
    );
  });
}

/**
 * One certificate from either shape: DescribeCertificates `Certificate`, or an
 * `AWS::DMS::Certificate` configuration item (CloudFormation properties CertificateIdentifier,
 * CertificatePem, CertificateWallet; no dates, key length or algorithm: those are read from the PEM).
 */
function toCertificate(raw: Record<string, unknown>, path: string, arn: string): DmsCertificate {
  return {
    arn,
    identifier: optStr(raw.CertificateIdentifier, `${path}.CertificateIdentifier`) ?? arn,
    validFrom: optDate(raw.ValidFromDate, `${path}.ValidFromDate`),
    validTo: optDate(raw.ValidToDate, `${path}.ValidToDate`),
    keyLength: optNum(raw.KeyLength, `${path}.KeyLength`),
    signingAlgorithm: optStr(raw.SigningAlgorithm, `${path}.SigningAlgorithm`),
    pem: optStr(raw.CertificatePem, `${path}.CertificatePem`),
    hasWallet: raw.CertificateWallet !== undefined && raw.CertificateWallet !== null,
  };
}

/** DescribeCertificates output (merged pages) → certificates. */
function certificatesFromApi(output: unknown): DmsCertificate[] {
  const path = "dms.DescribeCertificates";
  const items = list(record(output, path).Certificates ?? [], `${path}.Certificates`);
  return items.map((item, i) => {
    const p = `${path}.Certificates[${i}]`;
    const raw = record(item, p);
    return toCertificate(raw, p, str(raw.CertificateArn, `${p}.CertificateArn`));
  });
}

export { certificatesFromApi, endpointsFromApi, tagsFromList, toCertificate, toEndpoint };
