import type {
  DmsCertificate,
  DmsEndpoint,
  DmsReplicationInstance,
  DmsReplicationTask,
  EndpointSettings,
} from "../aws/schemas/dms.js";
import type {
  DmsDataProvider,
  DmsInstanceProfile,
  DmsReplicationConfig,
} from "../aws/schemas/dms-serverless.js";
import type { OpenIngress, SecurityGroup } from "../aws/schemas/ec2.js";
import type { AccessKey, IamGroup, IamUser } from "../aws/schemas/iam.js";
import type { KmsKey } from "../aws/schemas/kms.js";
import type { MgnSourceServer, ReplicationSettings } from "../aws/schemas/mgn.js";

/**
 * Normalized resources. The aws/ layer maps both shapes AWS gives us (the service API's
 * Describe* output and AWS Config's CloudFormation-style configuration items) into these types;
 * rules only ever see these. The types of single resources are inferred from the schemas of
 * aws/schemas/ (one schema per AWS output, with its transform to the model): adding a field is
 * one schema edit. This file declares the composites (DmsResource, MgnAccount, Facts).
 */

type Tags = Record<string, string>;

/** Any DMS resource, tagged with its AWS Config resource type (for rules that span DMS resource types). */
type DmsResource =
  | { resourceType: "AWS::DMS::Endpoint"; endpoint: DmsEndpoint }
  | { resourceType: "AWS::DMS::ReplicationInstance"; replicationInstance: DmsReplicationInstance }
  | { resourceType: "AWS::DMS::ReplicationTask"; replicationTask: DmsReplicationTask }
  | { resourceType: "AWS::DMS::Certificate"; certificate: DmsCertificate }
  | { resourceType: "AWS::DMS::ReplicationConfig"; replicationConfig: DmsReplicationConfig };

/**
 * The DMS resources AWS Config does not record (DMS Serverless replication configs, Schema
 * Conversion instance profiles and data providers): read from the API only, each says its own type.
 */
type UnrecordedDmsResource = DmsReplicationConfig | DmsInstanceProfile | DmsDataProvider;

export type {
  DmsCertificate,
  DmsDataProvider,
  DmsEndpoint,
  DmsInstanceProfile,
  DmsReplicationConfig,
  DmsReplicationInstance,
  DmsReplicationTask,
  DmsResource,
  EndpointSettings,
  KmsKey,
  OpenIngress,
  SecurityGroup,
  Tags,
  UnrecordedDmsResource,
};

/** A managed policy and its default version's document (parsed JSON; undefined when not available). */
interface ManagedPolicy {
  arn: string;
  name: string;
  document: unknown;
}

/** The access keys of the account's users, by user name, and when that view was taken. */
interface AccessKeyInventory {
  /** When the credential report was generated (keys created later are not in it yet). */
  generatedAt: Date | undefined;
  byUser: ReadonlyMap<string, readonly AccessKey[]>;
}

/** One account and region's MGN replication set-up: an account-level resource (AWS::::Account). */
interface MgnAccount {
  accountId: string;
  templates: ReplicationSettings[];
  /** Replication configuration of each source server that is not archived (null: not found). */
  sourceServers: { server: MgnSourceServer; replication: ReplicationSettings | null }[];
  /** EC2 EBS encryption by default; undefined: not read, MGN is not set up (no templates, no source servers). */
  ebsEncryptionByDefault: boolean | undefined;
}

export type {
  AccessKey,
  AccessKeyInventory,
  IamGroup,
  IamUser,
  ManagedPolicy,
  MgnAccount,
  MgnSourceServer,
  ReplicationSettings,
};

/** Every resource kind a rule can be about, by the name rules use to ask for it. */
interface ResourceKinds {
  dmsEndpoint: DmsEndpoint;
  dmsCertificate: DmsCertificate;
  iamUser: IamUser;
  mgnAccount: MgnAccount;
  dmsReplicationInstance: DmsReplicationInstance;
  dmsReplicationTask: DmsReplicationTask;
  dmsResource: DmsResource;
  /** Replication storage: replication instances and DMS Serverless replication configs. */
  dmsReplicationStorage: DmsReplicationInstance | DmsReplicationConfig;
  /** Where DMS runs in the customer's VPC: replication instances and Schema Conversion instance profiles. */
  dmsReplicationHost: DmsReplicationInstance | DmsInstanceProfile;
  /** What holds database connection information: endpoints and instance profiles. */
  dmsConnection: DmsEndpoint | DmsInstanceProfile;
  /** What DMS connects to a database with: endpoints and data providers. */
  dmsDatabaseConnection: DmsEndpoint | DmsDataProvider;
}
type ResourceKindName = keyof ResourceKinds;

/**
 * Account-wide facts a rule may need beside the resource it evaluates (loaded once per
 * invocation by the aws/ layer, keyed the way resources reference them).
 */
interface Facts {
  /** DMS certificates by ARN. */
  dmsCertificates: ReadonlyMap<string, DmsCertificate>;
  /** KMS keys by the reference used in the resource (ARN, key id or alias); null when the key does not exist. */
  kmsKeys: ReadonlyMap<string, KmsKey | null>;
  /** IAM groups by name. */
  iamGroups: ReadonlyMap<string, IamGroup>;
  /** Customer managed policies by ARN, with their default version's document. */
  iamManagedPolicies: ReadonlyMap<string, ManagedPolicy>;
  /** Access keys of every IAM user (from the credential report). */
  iamAccessKeys: AccessKeyInventory;
  /** MGN source servers of the region. */
  mgnSourceServers: readonly MgnSourceServer[];
  /** DMS endpoints by ARN. */
  dmsEndpoints: ReadonlyMap<string, DmsEndpoint>;
  /** EC2 security groups by group id (only those the resources reference). */
  securityGroups: ReadonlyMap<string, SecurityGroup>;
  /** Tags of DMS resources by ARN (ListTagsForResource); only those the resources reference. */
  dmsTags: ReadonlyMap<string, Tags>;
}
type FactName = keyof Facts;

export type { FactName, Facts, ResourceKindName, ResourceKinds };
