import { createHash } from "node:crypto";

/**
 * Generated AWS accounts for the local AWS-compatible server: IAM users (a share of them MGN
 * agent users), DMS endpoints of many engines, certificates, replication instances and tasks,
 * KMS keys, security groups, MGN source servers and replication templates. Deterministic for a
 * seed. Shapes are the service APIs' own (DescribeEndpoints `Endpoint`, GetAccountAuthorizationDetails
 * `UserDetail`, ...), as their API references define them.
 */

const ACCOUNT_ID = "123456789012";
const REGION = "us-east-1";
const MGN_AGENT_POLICY_ARN = "arn:aws:iam::aws:policy/AWSApplicationMigrationAgentPolicy";

/** Seeded PRNG (mulberry32): the same seed gives the same account and the same faults. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A number in [0, 1) from a seed and a text (SHA-256): randomness that depends on what, not when. */
function unitHash(seed: number, text: string): number {
  return createHash("sha256").update(`${seed}\u0000${text}`).digest().readUInt32BE(0) / 4294967296;
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function hex(random: () => number, length: number): string {
  let out = "";
  while (out.length < length) out += Math.floor(random() * 16).toString(16);
  return out;
}

function alnum(random: () => number, length: number): string {
  const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  let out = "";
  while (out.length < length) out += chars[Math.floor(random() * chars.length)];
  return out;
}

interface AccountSpec {
  users: number;
  endpoints: number;
  /** Share of IAM users that are MGN agent users (AWSApplicationMigrationAgentPolicy attached). */
  agentShare?: number;
  seed?: number;
  /** Plant secret values in every field that can carry one (secret-hygiene tests). */
  secrets?: readonly string[];
  /** Base time of the account (creation dates are before it). */
  now?: Date;
}

interface IamUser {
  UserName: string;
  UserId: string;
  Arn: string;
  Path: string;
  CreateDate: Date;
  AttachedManagedPolicies: { PolicyName: string; PolicyArn: string }[];
  GroupList: string[];
  UserPolicyList: { PolicyName: string; PolicyDocument: string }[];
  PermissionsBoundary?: { PermissionsBoundaryType: string; PermissionsBoundaryArn: string };
  Tags: { Key: string; Value: string }[];
  accessKeys: {
    AccessKeyId: string;
    Status: "Active" | "Inactive";
    CreateDate: Date;
    lastUsed: Date | undefined;
    secret: string;
  }[];
  passwordEnabled: boolean;
  mfaActive: boolean;
  agent: boolean;
}

interface ManagedPolicy {
  PolicyName: string;
  PolicyId: string;
  Arn: string;
  Path: string;
  DefaultVersionId: string;
  AttachmentCount: number;
  PermissionsBoundaryUsageCount: number;
  IsAttachable: boolean;
  CreateDate: Date;
  UpdateDate: Date;
  document: unknown;
}

interface Account {
  accountId: string;
  region: string;
  now: Date;
  spec: Required<Omit<AccountSpec, "secrets" | "now">> & { secrets: readonly string[] };
  users: IamUser[];
  policies: ManagedPolicy[];
  dms: {
    endpoints: Record<string, unknown>[];
    certificates: Record<string, unknown>[];
    replicationInstances: Record<string, unknown>[];
    replicationTasks: Record<string, unknown>[];
    /** DMS Serverless replication configs, Schema Conversion instance profiles and data providers. */
    replicationConfigs: Record<string, unknown>[];
    instanceProfiles: Record<string, unknown>[];
    dataProviders: Record<string, unknown>[];
    tags: Map<string, { Key: string; Value: string }[]>;
  };
  kmsKeys: Record<string, unknown>[];
  /** Key reference (id, ARN, alias name, alias ARN) → index into kmsKeys. */
  kmsRefs: Map<string, number>;
  securityGroups: Record<string, unknown>[];
  ebsEncryptionByDefault: boolean;
  mgn: {
    sourceServers: Record<string, unknown>[];
    templates: Record<string, unknown>[];
    replicationConfigurations: Map<string, Record<string, unknown>>;
  };
  agentUsers: number;
}

const ENGINES = [
  "postgres",
  "aurora-postgresql",
  "mysql",
  "aurora",
  "mariadb",
  "oracle",
  "sqlserver",
  "db2",
  "sybase",
  "mongodb",
  "docdb",
  "s3",
  "redshift",
  "dynamodb",
  "kinesis",
  "kafka",
  "elasticsearch",
  "opensearch",
  "neptune",
  "redis",
  "azuredb",
  "babelfish",
  "db2-zos",
] as const;

const SSL_MODES = ["none", "require", "verify-ca", "verify-full"] as const;

const DAY = 86_400_000;

/** A placeholder PEM body: parsers that need a real X.509 get one from `certificatePem` in the spec. */
const PLACEHOLDER_PEM =
  "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2VydGlmaWNhdGUtcGxhY2Vob2xkZXIwCgYIKoZIzj0EAwIw\n-----END CERTIFICATE-----\n";

function generateAccount(input: AccountSpec): Account {
  const spec = {
    users: input.users,
    endpoints: input.endpoints,
    agentShare: input.agentShare ?? 0.2,
    seed: input.seed ?? 1,
    secrets: input.secrets ?? [],
  };
  const now = input.now ?? new Date("2026-11-01T00:00:00Z");
  const random = rng(spec.seed);
  const secret = (i: number) =>
    spec.secrets.length > 0 ? (spec.secrets[i % spec.secrets.length] as string) : undefined;
  const arn = (service: string, rest: string) => `arn:aws:${service}:${REGION}:${ACCOUNT_ID}:${rest}`;
  const ago = (maxDays: number) => new Date(now.getTime() - Math.floor(random() * maxDays * DAY));

  // KMS keys: AWS managed (aws/dms) and customer managed, some disabled or pending deletion.
  const kmsKeys: Record<string, unknown>[] = [];
  const kmsRefs = new Map<string, number>();
  const keyCount = 10 + Math.ceil(spec.endpoints / 20);
  for (let i = 0; i < keyCount; i++) {
    const keyId = `${hex(random, 8)}-${hex(random, 4)}-${hex(random, 4)}-${hex(random, 4)}-${hex(random, 12)}`;
    const managed = i === 0 ? "AWS" : "CUSTOMER";
    const state = i > 2 && i % 9 === 0 ? "Disabled" : i > 2 && i % 13 === 0 ? "PendingDeletion" : "Enabled";
    const keyArn = arn("kms", `key/${keyId}`);
    kmsKeys.push({
      AWSAccountId: ACCOUNT_ID,
      KeyId: keyId,
      Arn: keyArn,
      CreationDate: ago(900),
      Enabled: state === "Enabled",
      Description:
        managed === "AWS" ? "Default key that protects my DMS data when no other key is defined" : "",
      KeyUsage: "ENCRYPT_DECRYPT",
      KeyState: state,
      Origin: "AWS_KMS",
      KeyManager: managed,
      CustomerMasterKeySpec: "SYMMETRIC_DEFAULT",
      KeySpec: "SYMMETRIC_DEFAULT",
      EncryptionAlgorithms: ["SYMMETRIC_DEFAULT"],
      MultiRegion: false,
    });
    kmsRefs.set(keyId, i);
    kmsRefs.set(keyArn, i);
    const alias = managed === "AWS" ? "alias/aws/dms" : `alias/migration-${i}`;
    kmsRefs.set(alias, i);
    kmsRefs.set(arn("kms", alias), i);
  }
  const keyRef = () => {
    const i = Math.floor(random() * kmsKeys.length);
    const key = kmsKeys[i] as { KeyId: string; Arn: string };
    return random() < 0.7 ? key.Arn : key.KeyId;
  };

  // DMS certificates: some expired, some expiring soon.
  const certificates: Record<string, unknown>[] = [];
  const certificateCount = Math.max(5, Math.ceil(spec.endpoints / 10));
  for (let i = 0; i < certificateCount; i++) {
    const id = `ca-${i}-${alnum(random, 6).toLowerCase()}`;
    const validFrom = ago(1500);
    const validTo = new Date(now.getTime() + Math.floor((random() * 900 - 120) * DAY));
    certificates.push({
      CertificateIdentifier: id,
      CertificateCreationDate: validFrom,
      CertificatePem: PLACEHOLDER_PEM,
      CertificateArn: arn("dms", `cert:${alnum(random, 26)}`),
      CertificateOwner: ACCOUNT_ID,
      ValidFromDate: validFrom,
      ValidToDate: validTo,
      SigningAlgorithm: pick(random, ["SHA256withRSA", "SHA1withRSA", "SHA384withRSA"]),
      KeyLength: pick(random, [1024, 2048, 2048, 4096]),
    });
  }

  // DMS endpoints of every engine, with their engine-specific settings.
  const tags = new Map<string, { Key: string; Value: string }[]>();
  const endpoints: Record<string, unknown>[] = [];
  for (let i = 0; i < spec.endpoints; i++) {
    const engine = ENGINES[i % ENGINES.length] as (typeof ENGINES)[number];
    const type = i % 2 === 0 ? "SOURCE" : "TARGET";
    const endpointArn = arn("dms", `endpoint:${alnum(random, 26)}`);
    const sslMode = pick(random, SSL_MODES);
    const e: Record<string, unknown> = {
      EndpointIdentifier: `ep-${engine}-${i}`,
      EndpointType: type,
      EngineName: engine,
      EngineDisplayName: engine,
      Username: "dms_user",
      ServerName: `db-${i}.internal.example.com`,
      Port: 5432,
      DatabaseName: "app",
      Status: "active",
      KmsKeyId: keyRef(),
      EndpointArn: endpointArn,
      SslMode: sslMode,
    };
    if (sslMode === "verify-ca" || sslMode === "verify-full") {
      if (random() < 0.9)
        e.CertificateArn = (pick(random, certificates) as { CertificateArn: string }).CertificateArn;
    }
    const s = secret(i);
    if (s) {
      e.Password = s;
      e.ExtraConnectionAttributes = "heartbeatEnable=true";
    }
    switch (engine) {
      case "s3":
        e.S3Settings = {
          BucketName: `bucket-${i}`,
          EncryptionMode: random() < 0.5 ? "SSE_KMS" : "SSE_S3",
          ServerSideEncryptionKmsKeyId: keyRef(),
          ServiceAccessRoleArn: `arn:aws:iam::${ACCOUNT_ID}:role/dms-s3`,
        };
        break;
      case "redshift":
        e.RedshiftSettings = {
          ServerName: e.ServerName,
          DatabaseName: "dw",
          Username: "dms_user",
          EncryptionMode: "SSE_KMS",
          ServerSideEncryptionKmsKeyId: keyRef(),
          ...(s ? { Password: s } : {}),
        };
        break;
      case "kafka":
        e.KafkaSettings = {
          Broker: `b-1.kafka-${i}.example.com:9094`,
          Topic: "dms",
          SecurityProtocol: pick(random, ["plaintext", "ssl-encryption", "sasl-ssl", "ssl-authentication"]),
          SaslUsername: "dms",
          SaslMechanism: "scram-sha-512",
          ...(s ? { SaslPassword: s, SslClientKeyPassword: s } : {}),
        };
        break;
      case "redis":
        e.RedisSettings = {
          ServerName: e.ServerName,
          Port: 6379,
          SslSecurityProtocol: pick(random, ["plaintext", "ssl-encryption"]),
          AuthType: "auth-token",
          ...(s ? { AuthPassword: s } : {}),
        };
        break;
      case "mongodb":
      case "docdb":
        e[engine === "mongodb" ? "MongoDbSettings" : "DocDbSettings"] = {
          ServerName: e.ServerName,
          Port: 27017,
          DatabaseName: "app",
          Username: "dms_user",
          ...(engine === "mongodb"
            ? { AuthType: "password", AuthMechanism: "scram_sha_1", AuthSource: "admin" }
            : {}),
          ...(s ? { Password: s } : {}),
        };
        break;
      case "elasticsearch":
      case "opensearch":
        e.ElasticsearchSettings = {
          EndpointUri: `${random() < 0.3 ? "http" : "https"}://search-${i}.example.com`,
          ServiceAccessRoleArn: `arn:aws:iam::${ACCOUNT_ID}:role/dms-es`,
        };
        break;
      case "neptune":
        e.NeptuneSettings = { S3BucketName: `neptune-${i}`, IamAuthEnabled: random() < 0.5 };
        break;
      case "oracle":
        e.OracleSettings = {
          ServerName: e.ServerName,
          Username: "dms_user",
          ...(s ? { Password: s, AsmPassword: s, SecurityDbEncryption: s } : {}),
        };
        break;
      case "postgres":
      case "aurora-postgresql":
        e.PostgreSQLSettings = {
          ServerName: e.ServerName,
          Port: 5432,
          DatabaseName: "app",
          Username: "dms_user",
          ...(s ? { Password: s } : {}),
        };
        break;
      case "sqlserver":
        e.MicrosoftSQLServerSettings = {
          ServerName: e.ServerName,
          Port: 1433,
          DatabaseName: "app",
          Username: "dms_user",
          ...(s ? { Password: s } : {}),
        };
        break;
      case "mysql":
      case "aurora":
      case "mariadb":
        e.MySQLSettings = {
          ServerName: e.ServerName,
          Port: 3306,
          Username: "dms_user",
          ...(s ? { Password: s } : {}),
        };
        break;
      default:
        break;
    }
    endpoints.push(e);
    tags.set(endpointArn, [
      { Key: "app", Value: `app-${i % 17}` },
      ...(random() < 0.6 ? [{ Key: "migration", Value: "wave-1" }] : []),
    ]);
  }

  // Security groups (some open to the world) and replication instances using them.
  const securityGroups: Record<string, unknown>[] = [];
  const instanceCount = Math.max(3, Math.ceil(spec.endpoints / 10));
  for (let i = 0; i < instanceCount; i++) {
    const open = random() < 0.2;
    const groupId = `sg-${hex(random, 17)}`;
    securityGroups.push({
      GroupId: groupId,
      GroupName: `dms-ri-${i}`,
      Description: "DMS replication instance",
      OwnerId: ACCOUNT_ID,
      VpcId: "vpc-0a1b2c3d4e5f67890",
      SecurityGroupArn: arn("ec2", `security-group/${groupId}`),
      IpPermissions: [
        {
          IpProtocol: "tcp",
          FromPort: open ? 0 : 5432,
          ToPort: open ? 65535 : 5432,
          IpRanges: [{ CidrIp: open ? "0.0.0.0/0" : "10.0.0.0/16", Description: "db" }],
          Ipv6Ranges: open && random() < 0.5 ? [{ CidrIpv6: "::/0" }] : [],
          UserIdGroupPairs: [],
          PrefixListIds: [],
        },
      ],
      IpPermissionsEgress: [
        {
          IpProtocol: "-1",
          IpRanges: [{ CidrIp: "0.0.0.0/0" }],
          Ipv6Ranges: [],
          UserIdGroupPairs: [],
          PrefixListIds: [],
        },
      ],
      Tags: [{ Key: "Name", Value: `dms-ri-${i}` }],
    });
  }
  const replicationInstances: Record<string, unknown>[] = [];
  for (let i = 0; i < instanceCount; i++) {
    const riArn = arn("dms", `rep:${alnum(random, 26)}`);
    const isPublic = random() < 0.25;
    replicationInstances.push({
      ReplicationInstanceIdentifier: `ri-${i}`,
      ReplicationInstanceClass: pick(random, ["dms.t3.medium", "dms.r5.large", "dms.c5.xlarge"]),
      ReplicationInstanceStatus: "available",
      AllocatedStorage: 100,
      InstanceCreateTime: ago(400),
      VpcSecurityGroups: [
        { VpcSecurityGroupId: (securityGroups[i] as { GroupId: string }).GroupId, Status: "active" },
      ],
      AvailabilityZone: "us-east-1a",
      ReplicationSubnetGroup: {
        ReplicationSubnetGroupIdentifier: "default-vpc",
        ReplicationSubnetGroupDescription: "default",
        VpcId: "vpc-0a1b2c3d4e5f67890",
        SubnetGroupStatus: "Complete",
        Subnets: [
          {
            SubnetIdentifier: "subnet-0a1b2c3d",
            SubnetAvailabilityZone: { Name: "us-east-1a" },
            SubnetStatus: "Active",
          },
        ],
      },
      PreferredMaintenanceWindow: "sun:06:00-sun:06:30",
      PendingModifiedValues: {},
      MultiAZ: random() < 0.5,
      EngineVersion: pick(random, ["3.5.3", "3.5.4", "3.4.7"]),
      AutoMinorVersionUpgrade: random() < 0.5,
      KmsKeyId: (kmsKeys[Math.floor(random() * kmsKeys.length)] as { Arn: string }).Arn,
      ReplicationInstanceArn: riArn,
      ReplicationInstancePublicIpAddress: isPublic ? `54.0.0.${i % 250}` : undefined,
      ReplicationInstancePrivateIpAddress: `10.0.${Math.floor(i / 250)}.${i % 250}`,
      ReplicationInstancePublicIpAddresses: isPublic ? [`54.0.0.${i % 250}`] : [],
      ReplicationInstancePrivateIpAddresses: [`10.0.${Math.floor(i / 250)}.${i % 250}`],
      PubliclyAccessible: isPublic,
      FreeUntil: undefined,
      DnsNameServers: "",
      NetworkType: "IPV4",
    });
    tags.set(riArn, [{ Key: "app", Value: `app-${i % 17}` }]);
  }
  const replicationTasks: Record<string, unknown>[] = [];
  const taskCount = Math.ceil(spec.endpoints / 2);
  for (let i = 0; i < taskCount; i++) {
    const source = endpoints[(2 * i) % endpoints.length] as { EndpointArn: string };
    const target = endpoints[(2 * i + 1) % endpoints.length] as { EndpointArn: string };
    const instance = replicationInstances[i % replicationInstances.length] as {
      ReplicationInstanceArn: string;
    };
    replicationTasks.push({
      ReplicationTaskIdentifier: `task-${i}`,
      SourceEndpointArn: source.EndpointArn,
      TargetEndpointArn: target.EndpointArn,
      ReplicationInstanceArn: instance.ReplicationInstanceArn,
      MigrationType: pick(random, ["full-load", "cdc", "full-load-and-cdc"]),
      TableMappings:
        '{"rules":[{"rule-type":"selection","rule-id":"1","rule-name":"1","object-locator":{"schema-name":"%","table-name":"%"},"rule-action":"include"}]}',
      ReplicationTaskSettings: JSON.stringify({
        Logging: { EnableLogging: random() < 0.5 },
        ValidationSettings: { EnableValidation: random() < 0.5 },
      }),
      Status: pick(random, ["running", "stopped", "ready", "failed"]),
      ReplicationTaskCreationDate: ago(300),
      ReplicationTaskArn: arn("dms", `task:${alnum(random, 26)}`),
    });
  }

  // IAM: managed boundary policies (some with an aws:CurrentTime expiry) and users.
  const policies: ManagedPolicy[] = [];
  for (let i = 0; i < 5; i++) {
    const expiry = new Date(now.getTime() + (i - 2) * 30 * DAY).toISOString();
    policies.push({
      PolicyName: `mgn-agent-boundary-${i}`,
      PolicyId: `ANPA${alnum(random, 17)}`,
      Arn: `arn:aws:iam::${ACCOUNT_ID}:policy/mgn-agent-boundary-${i}`,
      Path: "/",
      DefaultVersionId: "v1",
      AttachmentCount: 0,
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      CreateDate: ago(500),
      UpdateDate: ago(100),
      document: {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: "mgn:*",
            Resource: "*",
            ...(i < 4 ? { Condition: { DateLessThan: { "aws:CurrentTime": expiry } } } : {}),
          },
        ],
      },
    });
  }
  const users: IamUser[] = [];
  let agentUsers = 0;
  const agentEvery = spec.agentShare > 0 ? Math.max(1, Math.round(1 / spec.agentShare)) : 0;
  for (let i = 0; i < spec.users; i++) {
    const agent = agentEvery > 0 && i % agentEvery === 0;
    if (agent) agentUsers++;
    const name = agent ? `mgn-agent-${i}` : `user-${i}`;
    const keyCount = agent ? 1 + (random() < 0.3 ? 1 : 0) : random() < 0.5 ? 1 : 0;
    const accessKeys: IamUser["accessKeys"] = [];
    for (let k = 0; k < keyCount; k++) {
      const created = ago(agent ? 400 : 1200);
      accessKeys.push({
        AccessKeyId: `AKIA${alnum(random, 16)}`,
        Status: random() < 0.9 ? "Active" : "Inactive",
        CreateDate: created,
        lastUsed:
          random() < 0.8
            ? new Date(created.getTime() + Math.floor(random() * (now.getTime() - created.getTime())))
            : undefined,
        secret: secret(i + k) ?? `${alnum(random, 40)}`,
      });
    }
    const boundary = agent && random() < 0.7 ? (pick(random, policies) as ManagedPolicy) : undefined;
    if (boundary) boundary.PermissionsBoundaryUsageCount++;
    users.push({
      UserName: name,
      UserId: `AIDA${alnum(random, 17)}`,
      Arn: `arn:aws:iam::${ACCOUNT_ID}:user/${name}`,
      Path: "/",
      CreateDate: ago(1500),
      AttachedManagedPolicies: agent
        ? [{ PolicyName: "AWSApplicationMigrationAgentPolicy", PolicyArn: MGN_AGENT_POLICY_ARN }]
        : random() < 0.3
          ? [{ PolicyName: "ReadOnlyAccess", PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }]
          : [],
      GroupList: agent ? [] : random() < 0.5 ? ["developers"] : [],
      UserPolicyList: [],
      ...(boundary
        ? {
            PermissionsBoundary: {
              PermissionsBoundaryType: "PermissionsBoundaryPolicy",
              PermissionsBoundaryArn: boundary.Arn,
            },
          }
        : {}),
      Tags: agent ? [{ Key: "purpose", Value: "mgn-agent" }] : [],
      accessKeys,
      passwordEnabled: !agent && random() < 0.6,
      mfaActive: !agent && random() < 0.5,
      agent,
    });
  }

  // MGN: source servers (one per few agent users) and replication configuration templates.
  const templates: Record<string, unknown>[] = [];
  for (let i = 0; i < 3; i++) {
    const id = `rct-${hex(random, 17)}`;
    templates.push({
      replicationConfigurationTemplateID: id,
      arn: `arn:aws:mgn:${REGION}:${ACCOUNT_ID}:replication-configuration-template/${id}`,
      associateDefaultSecurityGroup: true,
      bandwidthThrottling: 0,
      createPublicIP: i === 2,
      dataPlaneRouting: i === 2 ? "PUBLIC_IP" : "PRIVATE_IP",
      defaultLargeStagingDiskType: "GP3",
      ebsEncryption: i === 1 ? "CUSTOM" : "DEFAULT",
      ...(i === 1 ? { ebsEncryptionKeyArn: (kmsKeys[1] as { Arn: string }).Arn } : {}),
      replicationServerInstanceType: "t3.small",
      replicationServersSecurityGroupsIDs: [],
      stagingAreaSubnetId: "subnet-0a1b2c3d",
      stagingAreaTags: {},
      useDedicatedReplicationServer: false,
      useFipsEndpoint: false,
      internetProtocol: "IPV4",
      tags: {},
    });
  }
  const sourceServers: Record<string, unknown>[] = [];
  const replicationConfigurations = new Map<string, Record<string, unknown>>();
  const serverCount = Math.max(3, Math.ceil(agentUsers / 2));
  for (let i = 0; i < serverCount; i++) {
    const id = `s-${hex(random, 17)}`;
    const state = pick(random, ["READY_FOR_TEST", "TESTING", "READY_FOR_CUTOVER", "CUTOVER", "DISCONNECTED"]);
    sourceServers.push({
      sourceServerID: id,
      arn: `arn:aws:mgn:${REGION}:${ACCOUNT_ID}:source-server/${id}`,
      isArchived: i % 11 === 10,
      tags: { app: `app-${i % 17}` },
      replicationType: "AGENT_BASED",
      lifeCycle: {
        addedToServiceDateTime: ago(200).toISOString(),
        lastSeenByServiceDateTime: ago(10).toISOString(),
        state,
      },
      dataReplicationInfo: {
        dataReplicationState: state === "DISCONNECTED" ? "DISCONNECTED" : "CONTINUOUS",
        lagDuration: "PT0S",
        replicatedDisks: [
          { deviceName: "/dev/sda", totalStorageBytes: 8589934592, replicatedStorageBytes: 8589934592 },
        ],
      },
      sourceProperties: {
        identificationHints: { hostname: `app-${i}`, fqdn: `app-${i}.corp.example.com` },
        os: { fullString: "Ubuntu 22.04" },
        cpus: [{ cores: 2, modelName: "x86_64" }],
        ramBytes: 4294967296,
        disks: [{ deviceName: "/dev/sda", bytes: 8589934592 }],
        networkInterfaces: [{ ips: [`10.1.0.${i % 250}`], isPrimary: true, macAddress: "02:00:00:00:00:01" }],
        recommendedInstanceType: "t3.medium",
        lastUpdatedDateTime: ago(10).toISOString(),
      },
    });
    const template = templates[i % templates.length] as Record<string, unknown>;
    const { replicationConfigurationTemplateID: _id, arn: _arn, tags: _tags, ...settings } = template;
    replicationConfigurations.set(id, {
      sourceServerID: id,
      name: `app-${i}`,
      ...settings,
      ebsEncryption: i % 7 === 3 ? "NONE" : settings.ebsEncryption,
      replicatedDisks: [
        { deviceName: "/dev/sda", isBootDisk: true, stagingDiskType: "AUTO", iops: 0, throughput: 0 },
      ],
    });
  }

  const { replicationConfigs, instanceProfiles, dataProviders } = serverlessResources(
    instanceCount,
    kmsKeys as { Arn: string }[],
    tags,
  );

  return {
    accountId: ACCOUNT_ID,
    region: REGION,
    now,
    spec,
    users,
    policies,
    dms: {
      endpoints,
      certificates,
      replicationInstances,
      replicationTasks,
      replicationConfigs,
      instanceProfiles,
      dataProviders,
      tags,
    },
    kmsKeys,
    kmsRefs,
    securityGroups,
    ebsEncryptionByDefault: false,
    mgn: { sourceServers, templates, replicationConfigurations },
    agentUsers,
  };
}

/**
 * DMS Serverless replication configs, Schema Conversion instance profiles and data providers, as the
 * DMS API model shapes them (one of each per two replication instances). Derived from the index
 * only, so the random sequence of the other resources is unchanged.
 */
function serverlessResources(
  count: number,
  kmsKeys: readonly { Arn: string }[],
  tags: Map<string, { Key: string; Value: string }[]>,
) {
  const dmsArn = (type: string, id: string) => `arn:aws:dms:${REGION}:${ACCOUNT_ID}:${type}:${id}`;
  const n = Math.ceil(count / 2);
  const keyOf = (i: number) => (i % 3 === 2 ? undefined : kmsKeys[i % kmsKeys.length]?.Arn);
  const replicationConfigs = Array.from({ length: n }, (_, i) => {
    const ReplicationConfigArn = dmsArn("replication-config", `RC${String(i).padStart(24, "0")}`);
    tags.set(ReplicationConfigArn, [{ Key: "app", Value: `app-${i % 17}` }]);
    return {
      ReplicationConfigIdentifier: `serverless-${i}`,
      ReplicationConfigArn,
      ReplicationType: "full-load-and-cdc",
      ComputeConfig: { MaxCapacityUnits: 16, ...(keyOf(i) ? { KmsKeyId: keyOf(i) } : {}) },
    };
  });
  const instanceProfiles = Array.from({ length: n }, (_, i) => ({
    InstanceProfileArn: dmsArn("instance-profile", `IP${String(i).padStart(24, "0")}`),
    InstanceProfileName: `profile-${i}`,
    NetworkType: "IPV4",
    ...(i % 2 === 0 ? { PubliclyAccessible: false } : {}),
    ...(keyOf(i) ? { KmsKeyArn: keyOf(i) } : {}),
  }));
  const dataProviders = Array.from({ length: n }, (_, i) => ({
    DataProviderArn: dmsArn("data-provider", `DP${String(i).padStart(24, "0")}`),
    DataProviderName: `provider-${i}`,
    Engine: "postgres",
    Settings: {
      PostgreSqlSettings: {
        ServerName: `db-${i}.example.com`,
        Port: 5432,
        SslMode: i % 2 ? "none" : "require",
      },
    },
  }));
  return { replicationConfigs, instanceProfiles, dataProviders };
}

export type { Account, AccountSpec, IamUser, ManagedPolicy };
export { ACCOUNT_ID, ENGINES, generateAccount, MGN_AGENT_POLICY_ARN, REGION, rng, unitHash };
