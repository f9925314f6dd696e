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

/** Every resource kind a rule can be about, by the name rules use to ask for it. */
interface ResourceKinds {
  dmsEndpoint: DmsEndpoint;
  dmsCertificate: DmsCertificate;
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
}
type FactName = keyof Facts;

export type { FactName, Facts, ResourceKindName, ResourceKinds };
