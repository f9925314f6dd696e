import type {
  AccessKey,
  Facts,
  IamGroup,
  IamUser,
  ManagedPolicy,
  MgnSourceServer,
} from "../../packages/core/src/model/index.js";

/** Builders for the MGN agent rules' models and facts (as aws/ maps them from real payloads). */

const ACCOUNT = "123456789012";
const NOW = new Date("2026-11-20T09:00:00Z");
const AGENT_POLICY = "arn:aws:iam::aws:policy/AWSApplicationMigrationAgentPolicy";
const INSTALL_POLICY = "arn:aws:iam::aws:policy/AWSApplicationMigrationAgentInstallationPolicy";

function daysAgo(days: number): Date {
  return new Date(NOW.getTime() - days * 86_400_000);
}

function user(over: Partial<IamUser> = {}): IamUser {
  const userName = over.userName ?? "mgn-agent";
  return {
    arn: `arn:aws:iam::${ACCOUNT}:user/${userName}`,
    userName,
    userId: "AIDAEXAMPLEAGENTAAAAA",
    createdAt: daysAgo(10),
    groupNames: [],
    attachedPolicyArns: [AGENT_POLICY],
    permissionsBoundaryArn: undefined,
    tags: {},
    ...over,
  };
}

function key(over: Partial<AccessKey> = {}): AccessKey {
  return {
    slot: 1,
    accessKeyId: undefined,
    active: true,
    createdAt: daysAgo(5),
    lastUsedAt: daysAgo(0),
    lastUsedService: "mgn",
    ...over,
  };
}

function groups(...list: IamGroup[]): Facts["iamGroups"] {
  return new Map(list.map((g) => [g.groupName, g]));
}

function inventory(
  byUser: Record<string, AccessKey[]>,
  generatedAt: Date = daysAgo(0),
): Facts["iamAccessKeys"] {
  return { generatedAt, byUser: new Map(Object.entries(byUser)) };
}

function policies(...list: ManagedPolicy[]): Facts["iamManagedPolicies"] {
  return new Map(list.map((p) => [p.arn, p]));
}

function boundary(name: string, ...Statement: unknown[]): ManagedPolicy {
  return {
    arn: `arn:aws:iam::${ACCOUNT}:policy/${name}`,
    name,
    document: { Version: "2012-10-17", Statement },
  };
}

function server(id: string, state: string, isArchived = false): MgnSourceServer {
  return { sourceServerId: id, arn: undefined, hostname: `host-${id}`, state, isArchived };
}

export {
  ACCOUNT,
  AGENT_POLICY,
  boundary,
  daysAgo,
  groups,
  INSTALL_POLICY,
  inventory,
  key,
  NOW,
  policies,
  server,
  user,
};
