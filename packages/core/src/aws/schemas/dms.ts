import * as z from "zod";
import type { Tags } from "../../model/index.js";
import { replicationTaskSettings } from "./dms-task-settings.js";
import {
  mapped,
  optArray,
  optBoolean,
  optDisplayString,
  optional,
  optLower,
  optNumber,
  optObject,
  optString,
  optTimestamp,
  tagList,
} from "./parse.js";

/**
 * DMS API outputs (DescribeEndpoints, DescribeCertificates, DescribeReplicationInstances,
 * DescribeReplicationTasks, ListTagsForResource) and AWS Config's configuration items for DMS
 * resources (CloudFormation property names: `AWS::DMS::Endpoint`, `AWS::DMS::Certificate`,
 * `AWS::DMS::ReplicationInstance`), each as a zod schema with its transform to the model.
 * Field names are checked against the AWS API model and the CloudFormation resource schemas by
 * test/aws/schemas.test.ts. Secrets (Password, SaslPassword, AuthPassword, ...) are not named,
 * so they are dropped on parse.
 */

const s3Like = optObject(
  mapped(z.object({ EncryptionMode: optString, ServerSideEncryptionKmsKeyId: optString }), (s) => ({
    encryptionMode: s.EncryptionMode,
    kmsKeyId: s.ServerSideEncryptionKmsKeyId,
  })),
);

/**
 * The endpoint fields the DMS API's `Endpoint` and CloudFormation's `AWS::DMS::Endpoint` share:
 * same names and nesting for every field read here (EndpointType's case differs: lower-cased).
 */
const endpointFields = z.object({
  EndpointIdentifier: optDisplayString,
  EndpointType: optLower,
  EngineName: optLower,
  SslMode: optLower,
  CertificateArn: optString,
  KmsKeyId: optString,
  ServerName: optString,
  ExtraConnectionAttributes: optString,
  S3Settings: s3Like,
  RedshiftSettings: s3Like,
  RedisSettings: optObject(
    mapped(
      z.object({ SslSecurityProtocol: optLower, SslCaCertificateArn: optString, AuthType: optLower }),
      (s) => ({
        sslSecurityProtocol: s.SslSecurityProtocol,
        sslCaCertificateArn: s.SslCaCertificateArn,
        authType: s.AuthType,
      }),
    ),
  ),
  KafkaSettings: optObject(
    mapped(
      z.object({
        SecurityProtocol: optLower,
        Broker: optString,
        SaslMechanism: optString,
        SslCaCertificateArn: optString,
        SslClientCertificateArn: optString,
      }),
      (s) => ({
        securityProtocol: s.SecurityProtocol,
        broker: s.Broker,
        saslMechanism: s.SaslMechanism,
        sslCaCertificateArn: s.SslCaCertificateArn,
        sslClientCertificateArn: s.SslClientCertificateArn,
      }),
    ),
  ),
  ElasticsearchSettings: optObject(
    mapped(z.object({ EndpointUri: optString }), (s) => ({ endpointUri: s.EndpointUri })),
  ),
  MongoDbSettings: optObject(
    mapped(z.object({ AuthType: optLower, AuthMechanism: optLower, ServerName: optString }), (s) => ({
      authType: s.AuthType,
      authMechanism: s.AuthMechanism,
      serverName: s.ServerName,
    })),
  ),
  DocDbSettings: optObject(
    mapped(z.object({ ServerName: optString }), (s) => ({ serverName: s.ServerName })),
  ),
  NeptuneSettings: optObject(
    mapped(z.object({ IamAuthEnabled: optBoolean }), (s) => ({ iamAuthEnabled: s.IamAuthEnabled })),
  ),
});

/** Drop absent entries (a settings family is present only when the endpoint has it). */
function present<T extends Record<string, unknown>>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as never;
}

/** The model of an endpoint; `arn` and `tags` live outside a configuration item's configuration. */
function endpointModel(e: z.output<typeof endpointFields>, arn: string, tags: Tags | undefined) {
  const type = e.EndpointType;
  return {
    arn,
    identifier: e.EndpointIdentifier ?? arn,
    endpointType: type === "source" || type === "target" ? type : ("unknown" as const),
    /** Lower-case DMS engine name, e.g. `postgres`, `aurora-postgresql`, `s3`. */
    engineName: e.EngineName ?? "unknown",
    sslMode: e.SslMode,
    certificateArn: e.CertificateArn,
    kmsKeyId: e.KmsKeyId,
    serverName: e.ServerName,
    extraConnectionAttributes: e.ExtraConnectionAttributes,
    /** Engine-specific settings that matter for security. Secrets (passwords) are never copied here. */
    settings: present({
      s3: e.S3Settings,
      redshift: e.RedshiftSettings,
      redis: e.RedisSettings,
      kafka: e.KafkaSettings,
      openSearch: e.ElasticsearchSettings,
      mongoDb: e.MongoDbSettings,
      docDb: e.DocDbSettings,
      neptune: e.NeptuneSettings,
    }),
    tags,
  };
}

/** DescribeEndpoints output (merged pages). */
const describeEndpoints = z.object({
  Endpoints: optArray(
    mapped(endpointFields.extend({ EndpointArn: z.string() }), (e) =>
      endpointModel(e, e.EndpointArn, undefined),
    ),
  ),
});

/** Certificate fields of DescribeCertificates' `Certificate` (CertificateArn aside). */
const certificateFields = z.object({
  CertificateIdentifier: optDisplayString,
  ValidFromDate: optTimestamp,
  ValidToDate: optTimestamp,
  KeyLength: optNumber,
  SigningAlgorithm: optString,
  CertificatePem: optString,
  // Only whether a wallet exists is kept, never its bytes.
  CertificateWallet: optional((w) => w !== undefined && w !== null),
});

/**
 * `AWS::DMS::Certificate` configuration: CloudFormation has CertificateIdentifier, CertificatePem
 * and CertificateWallet; no dates, key length or algorithm (the rules read those from the PEM).
 */
const certificateConfiguration = certificateFields.pick({
  CertificateIdentifier: true,
  CertificatePem: true,
  CertificateWallet: true,
});

function certificateModel(c: Partial<z.output<typeof certificateFields>>, arn: string) {
  return {
    arn,
    identifier: c.CertificateIdentifier ?? arn,
    validFrom: c.ValidFromDate,
    validTo: c.ValidToDate,
    keyLength: c.KeyLength,
    signingAlgorithm: c.SigningAlgorithm,
    /** PEM text of the certificate or bundle; absent for Oracle wallets. */
    pem: c.CertificatePem,
    hasWallet: c.CertificateWallet ?? false,
  };
}

/** DescribeCertificates output (merged pages). */
const describeCertificates = z.object({
  Certificates: optArray(
    mapped(certificateFields.extend({ CertificateArn: z.string() }), (c) =>
      certificateModel(c, c.CertificateArn),
    ),
  ),
});

/** Replication instance fields the DMS API and CloudFormation name alike. */
const replicationInstanceFields = z.object({
  ReplicationInstanceIdentifier: optDisplayString,
  /** The storage key; absent means the account's default `aws/dms` key (AWS managed). */
  KmsKeyId: optString,
  /** Absent when not recorded; DMS creates instances publicly accessible by default. */
  PubliclyAccessible: optBoolean,
  MultiAZ: optBoolean,
  AutoMinorVersionUpgrade: optBoolean,
  ReplicationInstanceClass: optString,
  EngineVersion: optString,
});

function replicationInstanceModel(
  r: z.output<typeof replicationInstanceFields>,
  vpcSecurityGroupIds: string[],
  arn: string,
  tags: Tags | undefined,
) {
  return {
    arn,
    identifier: r.ReplicationInstanceIdentifier ?? arn,
    kmsKeyId: r.KmsKeyId,
    publiclyAccessible: r.PubliclyAccessible,
    multiAz: r.MultiAZ,
    autoMinorVersionUpgrade: r.AutoMinorVersionUpgrade,
    vpcSecurityGroupIds,
    instanceClass: r.ReplicationInstanceClass,
    engineVersion: r.EngineVersion,
    tags,
  };
}

/** `AWS::DMS::ReplicationInstance` configuration: security groups are `VpcSecurityGroupIds: [string]`. */
const replicationInstanceConfiguration = replicationInstanceFields.extend({
  VpcSecurityGroupIds: optArray(z.string()),
});

/** DescribeReplicationInstances output: security groups are `VpcSecurityGroups: [{ VpcSecurityGroupId, Status }]`. */
const describeReplicationInstances = z.object({
  ReplicationInstances: optArray(
    mapped(
      replicationInstanceFields.extend({
        ReplicationInstanceArn: z.string(),
        VpcSecurityGroups: optArray(z.object({ VpcSecurityGroupId: z.string() })),
      }),
      (r) =>
        replicationInstanceModel(
          r,
          r.VpcSecurityGroups.map((g) => g.VpcSecurityGroupId),
          r.ReplicationInstanceArn,
          undefined,
        ),
    ),
  ),
});

/** DescribeReplicationTasks output (merged pages); of the task settings, Logging only (dms-task-settings.ts). */
const describeReplicationTasks = z.object({
  ReplicationTasks: optArray(
    mapped(
      z.object({
        ReplicationTaskArn: z.string(),
        ReplicationTaskIdentifier: optDisplayString,
        SourceEndpointArn: optString,
        TargetEndpointArn: optString,
        ReplicationInstanceArn: optString,
        MigrationType: optString,
        ReplicationTaskSettings: replicationTaskSettings,
      }),
      (t) => ({
        arn: t.ReplicationTaskArn,
        identifier: t.ReplicationTaskIdentifier ?? t.ReplicationTaskArn,
        sourceEndpointArn: t.SourceEndpointArn,
        targetEndpointArn: t.TargetEndpointArn,
        replicationInstanceArn: t.ReplicationInstanceArn,
        migrationType: t.MigrationType,
        /** Undefined when the settings were not read (WithoutSettings), never "logging off". */
        settings: t.ReplicationTaskSettings,
        tags: undefined as Tags | undefined,
      }),
    ),
  ),
});

/** One resource's ListTagsForResource output (`TagList: [{ Key, Value, ResourceArn }]`). */
const listTagsForResource = z.object({ TagList: tagList });

type DmsEndpoint = z.output<typeof describeEndpoints>["Endpoints"][number];
type EndpointSettings = DmsEndpoint["settings"];
type DmsCertificate = z.output<typeof describeCertificates>["Certificates"][number];
type DmsReplicationInstance = z.output<typeof describeReplicationInstances>["ReplicationInstances"][number];
type DmsReplicationTask = z.output<typeof describeReplicationTasks>["ReplicationTasks"][number];

export type { DmsCertificate, DmsEndpoint, DmsReplicationInstance, DmsReplicationTask, EndpointSettings };
export {
  certificateConfiguration,
  certificateFields,
  certificateModel,
  describeCertificates,
  describeEndpoints,
  describeReplicationInstances,
  describeReplicationTasks,
  endpointFields,
  endpointModel,
  listTagsForResource,
  replicationInstanceConfiguration,
  replicationInstanceFields,
  replicationInstanceModel,
};
