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

/** Every resource kind a rule can be about, by the name rules use to ask for it. */
interface ResourceKinds {
  dmsEndpoint: DmsEndpoint;
  dmsCertificate: DmsCertificate;
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
  /** DMS endpoints by ARN. */
  dmsEndpoints: ReadonlyMap<string, DmsEndpoint>;
  /** EC2 security groups by group id (only those the resources reference). */
  securityGroups: ReadonlyMap<string, SecurityGroup>;
  /** Tags of DMS resources by ARN (ListTagsForResource); only those the resources reference. */
  dmsTags: ReadonlyMap<string, Tags>;
}
type FactName = keyof Facts;

export type { FactName, Facts, ResourceKindName, ResourceKinds };
