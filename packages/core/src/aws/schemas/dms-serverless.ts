import * as z from "zod";
import type { Tags } from "../../model/index.js";
import { mapped, optArray, optBoolean, optDisplayString, optLower, optObject, optString } from "./parse.js";

/**
 * DMS outputs of the newer DMS resource types, each as a zod schema with its transform to the model:
 * DescribeReplicationConfigs (DMS Serverless), DescribeInstanceProfiles and DescribeDataProviders
 * (DMS Schema Conversion and homogeneous migrations). Field names and defaults are those of the DMS
 * API model (botocore data/dms/2016-01-01/service-2.json: shapes ReplicationConfig, ComputeConfig,
 * InstanceProfile, DataProvider, DataProviderSettings); test/aws/schemas.test.ts checks them.
 * None of these types is recorded by AWS Config (test/fixtures/aws-config/supported-resource-types.json):
 * they are read from the API only, and each model carries its own resource type.
 */

/** DescribeReplicationConfigs output (merged pages); settings and table mappings are not read. */
const describeReplicationConfigs = z.object({
  ReplicationConfigs: optArray(
    mapped(
      z.object({
        ReplicationConfigArn: z.string(),
        ReplicationConfigIdentifier: optDisplayString,
        SourceEndpointArn: optString,
        TargetEndpointArn: optString,
        ReplicationType: optString,
        // ComputeConfig.KmsKeyId: "If you don't specify a value for the KmsKeyId parameter, DMS uses
        // your default encryption key" (the account's aws/dms key).
        ComputeConfig: optObject(z.object({ KmsKeyId: optString })),
      }),
      (c) => ({
        resourceType: "AWS::DMS::ReplicationConfig" as const,
        arn: c.ReplicationConfigArn,
        identifier: c.ReplicationConfigIdentifier ?? c.ReplicationConfigArn,
        /** The storage key; absent means the account's default `aws/dms` key. */
        kmsKeyId: c.ComputeConfig?.KmsKeyId,
        sourceEndpointArn: c.SourceEndpointArn,
        targetEndpointArn: c.TargetEndpointArn,
        replicationType: c.ReplicationType,
        tags: undefined as Tags | undefined,
      }),
    ),
  ),
});

/** DescribeInstanceProfiles output (merged pages). */
const describeInstanceProfiles = z.object({
  InstanceProfiles: optArray(
    mapped(
      z.object({
        InstanceProfileArn: z.string(),
        InstanceProfileName: optDisplayString,
        // "If you don't specify a value for the KmsKeyArn parameter, then DMS uses an Amazon Web
        // Services owned encryption key to encrypt your resources."
        KmsKeyArn: optString,
        // "The default value is true."
        PubliclyAccessible: optBoolean,
        VpcSecurityGroups: optArray(z.string()),
        NetworkType: optString,
      }),
      (p) => ({
        resourceType: "AWS::DMS::InstanceProfile" as const,
        arn: p.InstanceProfileArn,
        identifier: p.InstanceProfileName ?? p.InstanceProfileArn,
        /** Encrypts the profile's connection parameters; absent means an AWS owned key. */
        kmsKeyArn: p.KmsKeyArn,
        publiclyAccessible: p.PubliclyAccessible,
        vpcSecurityGroupIds: p.VpcSecurityGroups,
        networkType: p.NetworkType,
        tags: undefined as Tags | undefined,
      }),
    ),
  ),
});

/** One settings object of DataProviderSettings: the fields read. */
const sslSettings = z.object({ ServerName: optString, SslMode: optLower, CertificateArn: optString });
/** RedshiftDataProviderSettings has neither SslMode nor CertificateArn (DMS API model). */
const noSslSettings = z.object({ ServerName: optString });

/**
 * The members of DataProviderSettings, each with the DMS engine name (dms-engines.ts) whose SSL row
 * applies to it. The API model gives SslMode (DmsSslModeValue) to every member but RedshiftSettings.
 */
const SETTINGS_ENGINES = {
  PostgreSqlSettings: "postgres",
  MySqlSettings: "mysql",
  MariaDbSettings: "mariadb",
  OracleSettings: "oracle",
  MicrosoftSqlServerSettings: "sqlserver",
  SybaseAseSettings: "sybase",
  IbmDb2LuwSettings: "db2",
  IbmDb2zOsSettings: "db2-zos",
  DocDbSettings: "docdb",
  MongoDbSettings: "mongodb",
  RedshiftSettings: "redshift",
} as const;
type SettingsMember = keyof typeof SETTINGS_ENGINES;
const SETTINGS_MEMBERS = Object.keys(SETTINGS_ENGINES) as SettingsMember[];

type ProviderSettings = { ServerName?: string; SslMode?: string; CertificateArn?: string };
const dataProviderSettings = z.object(
  Object.fromEntries(
    SETTINGS_MEMBERS.map((m) => [m, optObject(m === "RedshiftSettings" ? noSslSettings : sslSettings)]),
  ) as unknown as { [K in SettingsMember]: z.ZodType<ProviderSettings | undefined> },
);

/** DescribeDataProviders output (merged pages). */
const describeDataProviders = z.object({
  DataProviders: optArray(
    mapped(
      z.object({
        DataProviderArn: z.string(),
        DataProviderName: optDisplayString,
        Engine: optLower,
        Virtual: optBoolean,
        Settings: optObject(dataProviderSettings),
      }),
      (d) => {
        // DataProviderSettings is a union: at most one member is set.
        const member = SETTINGS_MEMBERS.find((m) => d.Settings?.[m] !== undefined);
        const settings = member ? d.Settings?.[member] : undefined;
        return {
          resourceType: "AWS::DMS::DataProvider" as const,
          arn: d.DataProviderArn,
          identifier: d.DataProviderName ?? d.DataProviderArn,
          /** The provider's Engine as DMS names it (e.g. `postgres`, `aurora-postgresql`). */
          engine: d.Engine ?? "unknown",
          virtual: d.Virtual ?? false,
          /** The member of Settings that is set, e.g. `PostgreSqlSettings`. */
          settingsMember: member,
          /** The DMS engine name whose SSL row applies (from the settings member). */
          sslEngine: member ? SETTINGS_ENGINES[member] : undefined,
          sslMode: settings?.SslMode,
          certificateArn: settings?.CertificateArn,
          serverName: settings?.ServerName,
          tags: undefined as Tags | undefined,
        };
      },
    ),
  ),
});

type DmsReplicationConfig = z.output<typeof describeReplicationConfigs>["ReplicationConfigs"][number];
type DmsInstanceProfile = z.output<typeof describeInstanceProfiles>["InstanceProfiles"][number];
type DmsDataProvider = z.output<typeof describeDataProviders>["DataProviders"][number];

export type { DmsDataProvider, DmsInstanceProfile, DmsReplicationConfig, SettingsMember };
export {
  describeDataProviders,
  describeInstanceProfiles,
  describeReplicationConfigs,
  SETTINGS_ENGINES,
  SETTINGS_MEMBERS,
};
