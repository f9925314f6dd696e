/**
 * Normalized resources. The aws/ layer maps both shapes AWS gives us (the service API's
 * Describe* output and AWS Config's CloudFormation-style configuration items) into these types,
 * in one function per resource kind; rules only ever see these.
 */

type Tags = Record<string, string>;

/** A DMS endpoint (DescribeEndpoints `Endpoint`, or an `AWS::DMS::Endpoint` configuration item). */
interface DmsEndpoint {
  arn: string;
  identifier: string;
  /** Lower-case: `source` or `target`. */
  endpointType: "source" | "target" | "unknown";
  /** Lower-case DMS engine name, e.g. `postgres`, `aurora-postgresql`, `s3`. */
  engineName: string;
  sslMode: string | undefined;
  certificateArn: string | undefined;
  kmsKeyId: string | undefined;
  serverName: string | undefined;
  extraConnectionAttributes: string | undefined;
  settings: EndpointSettings;
  tags: Tags | undefined;
}

/** Engine-specific settings that matter for security. Secrets (passwords) are never copied here. */
interface EndpointSettings {
  s3?: { encryptionMode?: string; kmsKeyId?: string };
  redshift?: { encryptionMode?: string; kmsKeyId?: string };
  redis?: { sslSecurityProtocol?: string; sslCaCertificateArn?: string; authType?: string };
  kafka?: {
    securityProtocol?: string;
    broker?: string;
    saslMechanism?: string;
    sslCaCertificateArn?: string;
    sslClientCertificateArn?: string;
  };
  openSearch?: { endpointUri?: string };
  mongoDb?: { authType?: string; authMechanism?: string; serverName?: string };
  docDb?: { serverName?: string };
  neptune?: { iamAuthEnabled?: boolean };
}

/** A certificate imported into DMS (DescribeCertificates `Certificate`). */
interface DmsCertificate {
  arn: string;
  identifier: string;
  validFrom: Date | undefined;
  validTo: Date | undefined;
  keyLength: number | undefined;
  signingAlgorithm: string | undefined;
  /** PEM text of the certificate or bundle; absent for Oracle wallets. */
  pem: string | undefined;
  hasWallet: boolean;
}

/** A KMS key as DescribeKey reports it. */
interface KmsKey {
  keyId: string;
  arn: string;
  keyManager: "AWS" | "CUSTOMER" | string;
  keyState: string;
  enabled: boolean;
}

/**
 * A DMS replication instance (DescribeReplicationInstances `ReplicationInstance`, or an
 * `AWS::DMS::ReplicationInstance` configuration item with CloudFormation property names).
 */
interface DmsReplicationInstance {
  arn: string;
  identifier: string;
  /** The storage key; undefined means the account's default `aws/dms` key (AWS managed). */
  kmsKeyId: string | undefined;
  /** undefined when not recorded; DMS creates instances publicly accessible by default. */
  publiclyAccessible: boolean | undefined;
  multiAz: boolean | undefined;
  autoMinorVersionUpgrade: boolean | undefined;
  vpcSecurityGroupIds: string[];
  instanceClass: string | undefined;
  engineVersion: string | undefined;
  tags: Tags | undefined;
}

/** A DMS replication task (DescribeReplicationTasks `ReplicationTask`; settings not read). */
interface DmsReplicationTask {
  arn: string;
  identifier: string;
  sourceEndpointArn: string | undefined;
  targetEndpointArn: string | undefined;
  replicationInstanceArn: string | undefined;
  migrationType: string | undefined;
  tags: Tags | undefined;
}

/** One ingress permission of a security group that is open to any address. */
interface OpenIngress {
  /** `0.0.0.0/0` or `::/0`. */
  cidr: string;
  /** `-1` for all protocols. */
  protocol: string;
  fromPort: number | undefined;
  toPort: number | undefined;
}

/** An EC2 security group, reduced to what the rules need (DescribeSecurityGroups `SecurityGroup`). */
interface SecurityGroup {
  groupId: string;
  groupName: string;
  openIngress: OpenIngress[];
}

/** Any DMS resource, tagged with its AWS Config resource type (for rules that span DMS resource types). */
type DmsResource =
  | { resourceType: "AWS::DMS::Endpoint"; endpoint: DmsEndpoint }
  | { resourceType: "AWS::DMS::ReplicationInstance"; replicationInstance: DmsReplicationInstance }
  | { resourceType: "AWS::DMS::ReplicationTask"; replicationTask: DmsReplicationTask }
  | { resourceType: "AWS::DMS::Certificate"; certificate: DmsCertificate };

export type {
  DmsCertificate,
  DmsEndpoint,
  DmsReplicationInstance,
  DmsReplicationTask,
  DmsResource,
  EndpointSettings,
  KmsKey,
  OpenIngress,
  SecurityGroup,
  Tags,
};

/**
 * An IAM user (GetAccountAuthorizationDetails `UserDetail`, or an `AWS::IAM::User` configuration
 * item). Whether it is an MGN agent user is the rules' decision (it depends on parameters).
 */
interface IamUser {
  arn: string;
  userName: string;
  /** The stable id (`AIDA…`): AWS Config's resource id for AWS::IAM::User. */
  userId: string;
  createdAt: Date | undefined;
  /** Names of the groups the user is in. */
  groupNames: string[];
  /** ARNs of the managed policies attached to the user directly. */
  attachedPolicyArns: string[];
  /** ARN of the managed policy set as the user's permissions boundary. */
  permissionsBoundaryArn: string | undefined;
  tags: Tags;
}

/** An IAM group and the managed policies attached to it. */
interface IamGroup {
  groupName: string;
  attachedPolicyArns: string[];
}

/** A managed policy and its default version's document (parsed JSON; undefined when not available). */
interface ManagedPolicy {
  arn: string;
  name: string;
  document: unknown;
}

/**
 * An access key as the IAM credential report describes it (slot 1 or 2; the report carries no
 * key id), or as ListAccessKeys does (with the id). Never the secret.
 */
interface AccessKey {
  slot: 1 | 2 | undefined;
  accessKeyId: string | undefined;
  active: boolean;
  createdAt: Date | undefined;
  lastUsedAt: Date | undefined;
  lastUsedService: string | undefined;
}

/** The access keys of the account's users, by user name, and when that view was taken. */
interface AccessKeyInventory {
  /** When the credential report was generated (keys created later are not in it yet). */
  generatedAt: Date | undefined;
  byUser: ReadonlyMap<string, readonly AccessKey[]>;
}

/** An MGN source server (DescribeSourceServers item). */
interface MgnSourceServer {
  sourceServerId: string;
  arn: string | undefined;
  hostname: string | undefined;
  /** lifeCycle.state, e.g. READY_FOR_TEST, CUTOVER, DISCONNECTED. */
  state: string | undefined;
  isArchived: boolean;
}

/** Replication settings of an MGN replication configuration template or a source server. */
interface ReplicationSettings {
  /** `template <id>` or `source server <id> (<hostname>)`. */
  label: string;
  ebsEncryption: string | undefined;
  ebsEncryptionKeyArn: string | undefined;
  createPublicIp: boolean | undefined;
  dataPlaneRouting: string | undefined;
  associateDefaultSecurityGroup: boolean | undefined;
  securityGroupIds: string[];
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
