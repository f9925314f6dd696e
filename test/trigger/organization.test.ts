import {
  type ConfigRule,
  ConfigServiceClient,
  DescribeConfigRulesCommand,
  StartConfigRulesEvaluationCommand,
} from "@aws-sdk/client-config-service";
import type { AssumeRoleCommand, AssumeRoleCommandOutput } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity } from "@aws-sdk/types";
import { RULES } from "@migration-guard/core";
import { MemberAccess } from "@migration-guard/core/aws/member-access.js";
import type { DeployedRule } from "@migration-guard/core/deploy/deployed-rules.js";
import type { AnyRule } from "@migration-guard/core/rules/types.js";
import { MAX_RULES_PER_CALL } from "@migration-guard/core/trigger/handler.js";
import {
  handleOrganizationTriggerBatch,
  type OrganizationTriggerDeps,
  organizationTriggerSettings,
  TRIGGER_SESSION_POLICY,
} from "@migration-guard/core/trigger/organization.js";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { assertShape } from "./model-shape.js";

/**
 * The organization-mode trigger with the member role assumed through a local STS (answers
 * AssumeRole as STS does: credentials and the assumed-role ARN of the role's account) and AWS
 * Config answered per account by aws-sdk-client-mock (moto has no StartConfigRulesEvaluation).
 * Every request and every answer is checked against the Config and STS models
 * (test/fixtures/aws-models/), and each Config call records the account of the credentials it was
 * signed with, so a test sees which account a call went to.
 */

const ADMIN = "210987654321";
const ALPHA = "111122223333";
const BETA = "444455556666";
const EXCLUDED = "777788889999";
const OUTSIDE = "999900001111";
const ROLE = "migration-guard-member";

function registryRule(name: string): AnyRule {
  const rule = RULES.find((r) => r.name === name);
  if (!rule) throw new Error(`${name} missing from the registry`);
  return rule;
}
const tls = registryRule("dms-endpoint-tls");
const replication = registryRule("mgn-replication-settings");
const deployed: DeployedRule[] = [
  { rule: tls, configRuleName: "dms-endpoint-tls" },
  { rule: replication, configRuleName: "mgn-replication-settings" },
];

function rule(name: string, state: ConfigRule["ConfigRuleState"] = "ACTIVE"): ConfigRule {
  return {
    ConfigRuleName: name,
    ConfigRuleArn: `arn:aws:config:us-east-1:${ALPHA}:config-rule/config-rule-${name.length}abcd`,
    ConfigRuleId: `config-rule-${name.length}abcd`,
    ConfigRuleState: state,
    CreatedBy: "config-multiaccountsetup.amazonaws.com",
    Source: {
      Owner: "CUSTOM_LAMBDA",
      SourceIdentifier: `arn:aws:lambda:us-east-1:${ADMIN}:function:migration-guard-rule`,
      SourceDetails: [{ EventSource: "aws.config", MessageType: "ScheduledNotification" }],
    },
  };
}

/** Each member's Config rules (what DescribeConfigRules lists there). */
let memberRules: Record<string, ConfigRule[]>;
/** Config calls: the account of the signing credentials, the operation, the input. */
let calls: { account: string; operation: string; input: Record<string, unknown> }[];
let assumed: string[];
let denied: Set<string>;
const config = mockClient(ConfigServiceClient);

const PAGE = 25;

async function accountOf(getClient: () => unknown): Promise<string> {
  const client = getClient() as ConfigServiceClient;
  const identity = (await client.config.credentials()) as AwsCredentialIdentity;
  return identity.accountId ?? "unknown";
}

beforeEach(() => {
  memberRules = {};
  calls = [];
  assumed = [];
  denied = new Set();
  config.reset();
  config.on(DescribeConfigRulesCommand).callsFake(async (input, getClient) => {
    assertShape("config", "DescribeConfigRulesRequest", input);
    const account = await accountOf(getClient);
    calls.push({ account, operation: "DescribeConfigRules", input });
    const all = memberRules[account] ?? [];
    const start = input.NextToken ? Number(input.NextToken) : 0;
    const output = {
      ConfigRules: all.slice(start, start + PAGE),
      ...(start + PAGE < all.length ? { NextToken: String(start + PAGE) } : {}),
    };
    assertShape("config", "DescribeConfigRulesResponse", output);
    return output;
  });
  config.on(StartConfigRulesEvaluationCommand).callsFake(async (input, getClient) => {
    assertShape("config", "StartConfigRulesEvaluationRequest", input);
    calls.push({ account: await accountOf(getClient), operation: "StartConfigRulesEvaluation", input });
    return {};
  });
});

/** STS: credentials of the role's account, or AccessDenied as for a missing or untrusting role. */
const sts = {
  async send(command: AssumeRoleCommand): Promise<AssumeRoleCommandOutput> {
    assertShape("sts", "AssumeRoleRequest", command.input);
    const account = command.input.RoleArn?.split(":")[4] ?? "";
    assumed.push(account);
    if (denied.has(account)) {
      throw Object.assign(
        new Error(`not authorized to perform: sts:AssumeRole on ${command.input.RoleArn}`),
        {
          name: "AccessDenied",
        },
      );
    }
    const output = {
      Credentials: {
        AccessKeyId: `ASIA${account}`,
        SecretAccessKey: "not-a-secret",
        SessionToken: "token",
        Expiration: new Date(Date.now() + 3_600_000),
      },
      AssumedRoleUser: {
        Arn: `arn:aws:sts::${account}:assumed-role/${ROLE}/${command.input.RoleSessionName}`,
        AssumedRoleId: "AROAEXAMPLEID:migration-guard-trigger",
      },
    };
    assertShape("sts", "AssumeRoleResponse", output);
    return { ...output, $metadata: {} };
  },
};

function deps(extra: Partial<OrganizationTriggerDeps> = {}): OrganizationTriggerDeps & { logs: string[] } {
  const members = new MemberAccess({
    roleName: ROLE,
    region: "us-east-1",
    sts,
    sessionName: "migration-guard-trigger",
    sessionPolicy: TRIGGER_SESSION_POLICY,
    stackSetName: "migration-guard-prod-member",
  });
  const logs: string[] = [];
  return {
    memberConfig: async (accountId) => (await (await members.clients(accountId)).use("config")).client,
    rules: deployed,
    administratorAccountId: ADMIN,
    excludedAccounts: [EXCLUDED],
    log: {
      info: (m, e) => logs.push(`${m} ${JSON.stringify(e ?? {})}`),
      error: (m, e) => logs.push(`ERROR ${m} ${JSON.stringify(e ?? {})}`),
    },
    logs,
    ...extra,
  };
}

function apiCall(
  account: string,
  eventSource: string,
  eventName: string,
  detail: Record<string, unknown> = {},
) {
  return JSON.stringify({
    version: "0",
    id: "6f0a3a4e-0000-0000-0000-000000000000",
    "detail-type": "AWS API Call via CloudTrail",
    source: `aws.${eventSource.split(".")[0]}`,
    account,
    time: "2026-11-20T09:00:00Z",
    region: "us-east-1",
    resources: [],
    detail: {
      eventVersion: "1.09",
      eventSource,
      eventName,
      awsRegion: "us-east-1",
      recipientAccountId: account,
      ...detail,
    },
  });
}
const modifyEndpoint = (account: string, detail?: Record<string, unknown>) =>
  apiCall(account, "dms.amazonaws.com", "ModifyEndpoint", detail);
const updateReplication = (account: string) =>
  apiCall(account, "mgn.amazonaws.com", "UpdateReplicationConfiguration");

function batch(...bodies: string[]) {
  return { Records: bodies.map((body, i) => ({ messageId: `m${i}`, receiptHandle: `r${i}`, body })) };
}

const starts = () => calls.filter((c) => c.operation === "StartConfigRulesEvaluation");

describe("handleOrganizationTriggerBatch", () => {
  it("starts the evaluation of the member's own OrgConfigRule instance, in the account where the call happened", async () => {
    memberRules[ALPHA] = [
      rule("OrgConfigRule-dms-endpoint-tls-ab12cd34"),
      rule("OrgConfigRule-mgn-replication-settings-ef56gh78"),
    ];
    memberRules[BETA] = [rule("OrgConfigRule-dms-endpoint-tls-zz99yy88")];
    const result = await handleOrganizationTriggerBatch(batch(modifyEndpoint(ALPHA)), deps());
    expect(result).toEqual({ batchItemFailures: [] });
    expect(starts()).toEqual([
      {
        account: ALPHA,
        operation: "StartConfigRulesEvaluation",
        input: { ConfigRuleNames: ["OrgConfigRule-dms-endpoint-tls-ab12cd34"] },
      },
    ]);
    // Only the member's role was assumed, and only there.
    expect(assumed).toEqual([ALPHA]);
  });

  it("groups a batch by account: one role, one listing and one start per account, each with its own names", async () => {
    memberRules[ALPHA] = [
      rule("OrgConfigRule-dms-endpoint-tls-ab12cd34"),
      rule("OrgConfigRule-mgn-replication-settings-ef56gh78"),
    ];
    memberRules[BETA] = [
      rule("OrgConfigRule-dms-endpoint-tls-zz99yy88"),
      rule("OrgConfigRule-mgn-replication-settings-qq11rr22"),
    ];
    const result = await handleOrganizationTriggerBatch(
      batch(modifyEndpoint(ALPHA), updateReplication(BETA), modifyEndpoint(ALPHA), updateReplication(ALPHA)),
      deps(),
    );
    expect(result.batchItemFailures).toEqual([]);
    expect(assumed.sort()).toEqual([ALPHA, BETA]);
    expect(
      calls
        .filter((c) => c.operation === "DescribeConfigRules")
        .map((c) => c.account)
        .sort(),
    ).toEqual([ALPHA, BETA]);
    expect(starts()).toEqual([
      {
        account: ALPHA,
        operation: "StartConfigRulesEvaluation",
        input: {
          ConfigRuleNames: [
            "OrgConfigRule-dms-endpoint-tls-ab12cd34",
            "OrgConfigRule-mgn-replication-settings-ef56gh78",
          ],
        },
      },
      {
        account: BETA,
        operation: "StartConfigRulesEvaluation",
        input: { ConfigRuleNames: ["OrgConfigRule-mgn-replication-settings-qq11rr22"] },
      },
    ]);
  });

  it("reads every page of DescribeConfigRules and starts at most 25 rules per call", async () => {
    const many: DeployedRule[] = Array.from({ length: 30 }, (_, i) => ({
      rule: tls,
      configRuleName: `rule-${String(i).padStart(2, "0")}`,
    }));
    // The member's own rules first, so the instances are on the second page too.
    memberRules[ALPHA] = [
      ...Array.from({ length: 10 }, (_, i) => rule(`custom-${i}`)),
      ...many.map((d) => rule(`OrgConfigRule-${d.configRuleName}-a1b2c3d4`)),
    ];
    const result = await handleOrganizationTriggerBatch(batch(modifyEndpoint(ALPHA)), deps({ rules: many }));
    expect(result.batchItemFailures).toEqual([]);
    expect(calls.filter((c) => c.operation === "DescribeConfigRules")).toHaveLength(2);
    const names = starts().map((c) => c.input.ConfigRuleNames as string[]);
    expect(names.map((n) => n.length)).toEqual([MAX_RULES_PER_CALL, 5]);
    expect(new Set(names.flat())).toEqual(
      new Set(many.map((d) => `OrgConfigRule-${d.configRuleName}-a1b2c3d4`)),
    );
  });

  it("leaves the messages of an account for retry when Config answers LimitExceededException, and completes the others", async () => {
    memberRules[ALPHA] = [rule("OrgConfigRule-dms-endpoint-tls-ab12cd34")];
    memberRules[BETA] = [rule("OrgConfigRule-dms-endpoint-tls-zz99yy88")];
    config.on(StartConfigRulesEvaluationCommand).callsFake(async (input, getClient) => {
      const account = await accountOf(getClient);
      calls.push({ account, operation: "StartConfigRulesEvaluation", input });
      if (account === ALPHA) {
        throw Object.assign(
          new Error("The number of requests exceeds the limit. Try again after one minute."),
          {
            name: "LimitExceededException",
          },
        );
      }
      return {};
    });
    const d = deps();
    const result = await handleOrganizationTriggerBatch(
      batch(modifyEndpoint(ALPHA), modifyEndpoint(BETA), modifyEndpoint(ALPHA)),
      d,
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: "m0" }, { itemIdentifier: "m2" }]);
    expect(starts().map((c) => c.account)).toEqual([ALPHA, BETA]);
    expect(d.logs.join("\n")).toMatch(/will be retried.*111122223333/);
  });

  it("does not act on calls in the administrator account or in an excluded account", async () => {
    memberRules[ADMIN] = [rule("OrgConfigRule-dms-endpoint-tls-ab12cd34")];
    memberRules[EXCLUDED] = [rule("OrgConfigRule-dms-endpoint-tls-ab12cd34")];
    const d = deps();
    const result = await handleOrganizationTriggerBatch(
      batch(modifyEndpoint(ADMIN), modifyEndpoint(EXCLUDED)),
      d,
    );
    expect(result.batchItemFailures).toEqual([]);
    expect(assumed).toEqual([]);
    expect(calls).toEqual([]);
    expect(d.logs.join("\n")).toMatch(
      /not acted on.*administrator account[\s\S]*not acted on.*excluded account/,
    );
  });

  it("reaches no account and keeps for inspection a message whose account is malformed or not the CloudTrail recipient", async () => {
    const d = deps();
    const result = await handleOrganizationTriggerBatch(
      batch(
        modifyEndpoint("11112222333"),
        modifyEndpoint(ALPHA, { recipientAccountId: BETA }),
        JSON.stringify({ ...JSON.parse(modifyEndpoint(ALPHA)), account: undefined }),
      ),
      d,
    );
    expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(["m0", "m1", "m2"]);
    expect(assumed).toEqual([]);
    expect(calls).toEqual([]);
    expect(d.logs.join("\n")).toMatch(/recipientAccountId differs/);
  });

  it("does not act in an account outside the organization: AssumeRole is refused, no Config call, the message is retried and reported", async () => {
    denied.add(OUTSIDE);
    memberRules[ALPHA] = [rule("OrgConfigRule-dms-endpoint-tls-ab12cd34")];
    const d = deps();
    const result = await handleOrganizationTriggerBatch(
      batch(modifyEndpoint(OUTSIDE), modifyEndpoint(ALPHA)),
      d,
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: "m0" }]);
    expect(calls.every((c) => c.account === ALPHA)).toBe(true);
    expect(starts()).toHaveLength(1);
    expect(d.logs.join("\n")).toMatch(
      /ERROR Cannot read the rules of account 999900001111: .*AccessDenied.*StackSet migration-guard-prod-member/,
    );
  });

  it("uses only the organization rule's instances: not a member rule of the same name, not a rule being deleted", async () => {
    memberRules[ALPHA] = [
      rule("dms-endpoint-tls"),
      rule("OrgConfigRule-dms-endpoint-tls-old00000", "DELETING"),
      rule("OrgConfigRule-dms-endpoint-tls-extra-ab12cd34"),
      rule("OrgConfigRule-dms-endpoint-tls-ab12cd34"),
    ];
    const result = await handleOrganizationTriggerBatch(batch(modifyEndpoint(ALPHA)), deps());
    expect(result.batchItemFailures).toEqual([]);
    expect(starts().map((c) => c.input.ConfigRuleNames)).toEqual([
      ["OrgConfigRule-dms-endpoint-tls-ab12cd34"],
    ]);
  });

  it("makes no start when the member has no instance of the rule yet (Config evaluates a rule when it is created)", async () => {
    memberRules[ALPHA] = [rule("OrgConfigRule-mgn-replication-settings-ef56gh78")];
    const d = deps();
    const result = await handleOrganizationTriggerBatch(batch(modifyEndpoint(ALPHA)), d);
    expect(result.batchItemFailures).toEqual([]);
    expect(starts()).toEqual([]);
    expect(d.logs.join("\n")).toMatch(/No instance.*dms-endpoint-tls/);
  });

  it("makes no call for a failed API call or one that changes no deployed rule", async () => {
    const result = await handleOrganizationTriggerBatch(
      batch(
        modifyEndpoint(ALPHA, { errorCode: "AccessDenied" }),
        apiCall(ALPHA, "dms.amazonaws.com", "DescribeEndpoints"),
      ),
      deps(),
    );
    expect(result.batchItemFailures).toEqual([]);
    expect(assumed).toEqual([]);
    expect(calls).toEqual([]);
  });

  it("narrows the member session to the two re-evaluation actions (AssumeRole Policy)", () => {
    expect(JSON.parse(TRIGGER_SESSION_POLICY).Statement).toEqual([
      {
        Effect: "Allow",
        Action: ["config:DescribeConfigRules", "config:StartConfigRulesEvaluation"],
        Resource: "*",
      },
    ]);
  });
});

describe("organizationTriggerSettings", () => {
  it("returns the administrator and the excluded accounts of the environment", () => {
    expect(
      organizationTriggerSettings({
        ADMINISTRATOR_ACCOUNT_ID: ADMIN,
        EXCLUDED_ACCOUNTS: `${EXCLUDED}, ${BETA}`,
      }),
    ).toEqual({ administratorAccountId: ADMIN, excludedAccounts: [EXCLUDED, BETA] });
    expect(organizationTriggerSettings({ ADMINISTRATOR_ACCOUNT_ID: ADMIN, EXCLUDED_ACCOUNTS: "" })).toEqual({
      administratorAccountId: ADMIN,
      excludedAccounts: [],
    });
  });

  it("refuses a missing administrator or an excluded account that is not an account id", () => {
    expect(() => organizationTriggerSettings({})).toThrow(/ADMINISTRATOR_ACCOUNT_ID/);
    expect(() =>
      organizationTriggerSettings({ ADMINISTRATOR_ACCOUNT_ID: ADMIN, EXCLUDED_ACCOUNTS: "12345" }),
    ).toThrow(/EXCLUDED_ACCOUNTS: "12345"/);
  });
});
