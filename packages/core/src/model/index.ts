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

export type { DmsCertificate, DmsEndpoint, EndpointSettings, KmsKey, Tags };

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
  ebsEncryptionByDefault: boolean;
}

/** An EC2 security group's ingress ranges (DescribeSecurityGroups). */
interface SecurityGroup {
  groupId: string;
  groupName: string | undefined;
  /** Ingress rules open to the internet, e.g. `tcp 1500 from 0.0.0.0/0`. */
  openIngress: string[];
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
  SecurityGroup,
};

/** Every resource kind a rule can be about, by the name rules use to ask for it. */
interface ResourceKinds {
  dmsEndpoint: DmsEndpoint;
  dmsCertificate: DmsCertificate;
  iamUser: IamUser;
  mgnAccount: MgnAccount;
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
  /** EC2 security groups by id; null when the group does not exist. */
  ec2SecurityGroups: ReadonlyMap<string, SecurityGroup | null>;
}
type FactName = keyof Facts;

export type { FactName, Facts, ResourceKindName, ResourceKinds };
