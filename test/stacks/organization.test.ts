import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { apiCallPatterns, functionActions, RULES } from "@migration-guard/core";
import { Match, type Template } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveStageConfig } from "../../stacks/config.js";
import { RE_EVALUATION_ACTIONS } from "../../stacks/member-template.js";
import { synthesize } from "../../stacks/synth.js";
import { actionsOf, asList, resources, roleOf, roleStatements, ruleFunction } from "../support/stacks.js";

/**
 * Organization mode: the administrator's stacks and the member template, synthesized once for a
 * stage with excluded accounts, two deployment targets and aggregator regions, and shared by
 * every assertion here; cfn-lint runs on the same files. `npm run synth -- --organization` is
 * checked separately (its own synthesis, with the example organization settings).
 */

const ORG = "o-abcdefghij";
const EXCLUDED = ["999999999999", "888888888888"];
/** Evaluated members; one is also excluded (left out), the administrator (123456789012) is listed too. */
const MEMBERS = ["111111111111", "222222222222", "999999999999", "123456789012"];
const config = resolveStageConfig(
  "org",
  {
    org: {
      mode: "organization",
      organization: {
        organizationId: ORG,
        targetOrganizationalUnits: ["r-ab12", "ou-ab12-abcdefgh"],
        memberAccounts: MEMBERS,
        excludedAccounts: EXCLUDED,
        aggregatorRegions: ["us-east-1", "eu-west-1"],
      },
      ruleParameters: { "dms-endpoint-tls": { minimumLevel: "strongest" } },
    },
  },
  {},
);

let dir: string;
let admin: Template;
let alerts: Template;
let member: Template;
let files: string[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "migration-guard-org-"));
  const { stacks, member: m } = await synthesize({ stage: "org", region: "us-east-1", config });
  admin = stacks.Organization?.template as Template;
  alerts = stacks.Alerts?.template as Template;
  if (!admin || !alerts || !m) throw new Error("organization stacks missing");
  member = m.template;
  expect(stacks.Rules).toBeUndefined();
  files = [...Object.values(stacks), m].map(({ stackName, template }) => {
    const file = join(dir, `${stackName}.template.json`);
    writeFileSync(file, JSON.stringify(template.toJSON()));
    return file;
  });
}, 300_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function lintErrors(paths: string[]): string | undefined {
  const run = spawnSync("cfn-lint", ["--format", "parseable", "--", ...paths], { encoding: "utf8" });
  if (run.error) throw run.error;
  return ((run.status ?? 2) & 3) !== 0 ? `${run.stdout}${run.stderr}` : undefined;
}

const PLUMBING = new Set(["logs:CreateLogStream", "logs:PutLogEvents"]);

/** The re-evaluation trigger function of the administrator stack: its logical id and properties. */
function triggerFunction(): [string, Record<string, unknown>] {
  const found = Object.entries(resources(admin, "AWS::Lambda::Function")).find(
    ([, f]) => f.Properties?.Handler === "functions/trigger.handler",
  );
  if (!found) throw new Error("no trigger function in the administrator stack");
  return [found[0], found[1].Properties ?? {}];
}
const FAILURE_QUEUE = new Set(["sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"]);

describe("organization mode: administrator stack", () => {
  it("defines one OrganizationConfigRule per registry rule with the custom-rule metadata and excluded accounts", () => {
    const orgRules = Object.values(resources(admin, "AWS::Config::OrganizationConfigRule"));
    expect(orgRules).toHaveLength(RULES.length);
    admin.resourceCountIs("AWS::Config::ConfigRule", 0);
    for (const rule of RULES) {
      const [fnId] = ruleFunction(admin, rule.name) ?? [];
      const found = orgRules.find((r) => r.Properties?.OrganizationConfigRuleName === rule.name);
      const triggers = [
        ...(rule.triggers.configurationChange
          ? ["ConfigurationItemChangeNotification", "OversizedConfigurationItemChangeNotification"]
          : []),
        ...(rule.triggers.periodic ? ["ScheduledNotification"] : []),
      ];
      expect(found?.Properties, rule.name).toMatchObject({
        ExcludedAccounts: EXCLUDED,
        OrganizationCustomRuleMetadata: {
          LambdaFunctionArn: { "Fn::GetAtt": [fnId, "Arn"] },
          OrganizationConfigRuleTriggerTypes: triggers,
          ...(rule.triggers.periodic ? { MaximumExecutionFrequency: rule.triggers.periodic } : {}),
        },
      });
      const metadata = found?.Properties?.OrganizationCustomRuleMetadata as { InputParameters?: string };
      const expected = Object.fromEntries(
        Object.entries(config.ruleParameters[rule.name] ?? {}).filter(([, v]) => v !== ""),
      );
      if (Object.keys(expected).length > 0)
        expect(JSON.parse(metadata.InputParameters ?? "")).toEqual(expected);
      else expect(metadata.InputParameters).toBeUndefined();
    }
    const tls = orgRules.find((r) => r.Properties?.OrganizationConfigRuleName === "dms-endpoint-tls");
    expect(
      JSON.parse(
        (tls?.Properties?.OrganizationCustomRuleMetadata as { InputParameters?: string } | undefined)
          ?.InputParameters ?? "",
      ),
    ).toMatchObject({ minimumLevel: "strongest" });
  });

  // ResourceTypesScope only with ConfigurationItemChangeNotification triggers, listing every type
  // the rule evaluates: a periodic rule with a scope is refused by AWS Config since 2025
  // (cloud-custodian PR #10008, https://github.com/cloud-custodian/cloud-custodian/pull/10008).
  it("gives an organization rule a ResourceTypesScope only with configuration-change triggers", () => {
    const scopes: Record<string, string[] | undefined> = {
      "dms-endpoint-tls": ["AWS::DMS::Endpoint"],
      "dms-certificate-validity": undefined,
      "dms-endpoint-encryption-at-rest": ["AWS::DMS::Endpoint"],
      "dms-replication-instance-kms": ["AWS::DMS::ReplicationInstance"],
      "dms-replication-instance-not-public": ["AWS::DMS::ReplicationInstance"],
      "dms-endpoint-authentication": ["AWS::DMS::Endpoint"],
      "dms-replication-task-logging": undefined,
      "migration-no-sensitive-data": undefined,
      "mgn-agent-key-rotation": undefined,
      "mgn-agent-key-cleanup": undefined,
      "mgn-agent-key-expiry": ["AWS::IAM::User"],
      "mgn-replication-settings": undefined,
    };
    expect(Object.keys(scopes).sort()).toEqual(RULES.map((r) => r.name).sort());
    const orgRules = Object.values(resources(admin, "AWS::Config::OrganizationConfigRule"));
    for (const [name, scope] of Object.entries(scopes)) {
      const found = orgRules.find((r) => r.Properties?.OrganizationConfigRuleName === name);
      const metadata = found?.Properties?.OrganizationCustomRuleMetadata as Record<string, unknown>;
      expect(metadata, name).toBeDefined();
      expect(metadata.ResourceTypesScope, name).toEqual(scope);
    }
  });

  it("runs the same rule functions, in organization mode, after their invoke permissions and the member StackSet", () => {
    const [stackSetId] = Object.keys(resources(admin, "AWS::CloudFormation::StackSet"));
    for (const rule of RULES) {
      const [fnId, props] = ruleFunction(admin, rule.name) ?? [];
      expect(props?.Handler).toBe("functions/evaluate.handler");
      expect(
        (props?.Environment as { Variables?: Record<string, string> } | undefined)?.Variables,
      ).toMatchObject({
        RULE_NAME: rule.name,
        MEMBER_ROLE_NAME: "migration-guard-org-member",
        MEMBER_STACK_SET_NAME: "migration-guard-org-member",
      });
      const permissionIds = Object.entries(resources(admin, "AWS::Lambda::Permission"))
        .filter(
          ([, p]) =>
            JSON.stringify(p.Properties?.FunctionName) === JSON.stringify({ "Fn::GetAtt": [fnId, "Arn"] }),
        )
        .map(([id]) => id);
      expect(permissionIds).toHaveLength(3);
      const orgRule = Object.values(resources(admin, "AWS::Config::OrganizationConfigRule")).find(
        (r) => r.Properties?.OrganizationConfigRuleName === rule.name,
      );
      expect(orgRule?.DependsOn).toEqual(expect.arrayContaining([...permissionIds, stackSetId]));
    }
  });

  // A service principal's request carries no aws:PrincipalOrgID, so a PrincipalOrgID permission
  // for config.amazonaws.com never matches; AddPermission has no SourceOrgID (Lambda API model,
  // AddPermissionRequest), and SourceAccount takes one account (SourceOwner: \d{12}). So: one
  // permission per evaluated account and function, none for an excluded or unlisted account.
  it("lets AWS Config of each evaluated account (administrator and members, not excluded) invoke each rule function", () => {
    const permissions = Object.values(resources(admin, "AWS::Lambda::Permission"));
    const config = permissions.filter((p) => p.Properties?.Principal === "config.amazonaws.com");
    expect(config).toHaveLength(RULES.length * 3);
    for (const rule of RULES) {
      const [fnId] = ruleFunction(admin, rule.name) ?? [];
      const own = config.filter(
        (p) => JSON.stringify(p.Properties?.FunctionName) === JSON.stringify({ "Fn::GetAtt": [fnId, "Arn"] }),
      );
      expect(own.map((p) => p.Properties?.SourceAccount).sort(), rule.name).toEqual([
        "111111111111",
        "123456789012",
        "222222222222",
      ]);
      for (const p of own) {
        expect(p.Properties).toEqual({
          Action: "lambda:InvokeFunction",
          FunctionName: { "Fn::GetAtt": [fnId, "Arn"] },
          Principal: "config.amazonaws.com",
          SourceAccount: expect.stringMatching(/^\d{12}$/),
        });
      }
    }
    // Every permission of the stack is scoped (organization, account or source).
    for (const p of permissions) {
      const scoped = ["PrincipalOrgID", "SourceAccount", "SourceArn"].some((k) => p.Properties?.[k]);
      expect(scoped, JSON.stringify(p.Properties)).toBe(true);
    }
  });

  it("lets the function roles assume only the member role in the organization's accounts, and read nothing themselves", () => {
    for (const rule of RULES) {
      const [fnId, fn] = ruleFunction(admin, rule.name) ?? [];
      const statements = roleStatements(admin, roleOf(fn ?? {}));
      const assume = statements.filter((s) => asList(s.Action).includes("sts:AssumeRole"));
      expect(assume).toHaveLength(1);
      expect(assume[0]).toMatchObject({
        Resource: {
          "Fn::Join": ["", ["arn:", { Ref: "AWS::Partition" }, ":iam::*:role/migration-guard-org-member"]],
        },
        // Only from the function's own code (lambda:SourceFunctionArn: Lambda developer guide,
        // "Using source function ARN to control function access behavior").
        Condition: {
          StringEquals: { "aws:ResourceOrgID": ORG },
          ArnEquals: { "lambda:SourceFunctionArn": { "Fn::GetAtt": [fnId, "Arn"] } },
        },
      });
      // The organization rule waits for that policy.
      const policyId = Object.entries(resources(admin, "AWS::IAM::Policy")).find(
        ([, p]) =>
          JSON.stringify(p.Properties?.PolicyDocument).includes("lambda:SourceFunctionArn") &&
          JSON.stringify(p.Properties?.PolicyDocument).includes(`"${fnId}"`),
      )?.[0];
      expect(policyId).toBeDefined();
      const orgRule = Object.values(resources(admin, "AWS::Config::OrganizationConfigRule")).find((r) =>
        JSON.stringify(r.Properties).includes(`"${fnId}"`),
      );
      expect(orgRule?.DependsOn).toContain(policyId);
      const others = actionsOf(statements.filter((s) => !asList(s.Action).includes("sts:AssumeRole")));
      expect(
        others.every((a) => PLUMBING.has(a) || FAILURE_QUEUE.has(a)),
        others.join(" "),
      ).toBe(true);
      for (const action of functionActions(rule)) expect(others).not.toContain(action);
    }
  });

  it("deploys the member template through a service-managed StackSet with automatic deployment to the stage's targets", () => {
    admin.resourceCountIs("AWS::CloudFormation::StackSet", 1);
    const [, stackSet] = Object.entries(resources(admin, "AWS::CloudFormation::StackSet"))[0] ?? [];
    const props = stackSet?.Properties ?? {};
    expect(props).toMatchObject({
      StackSetName: "migration-guard-org-member",
      PermissionModel: "SERVICE_MANAGED",
      CallAs: "DELEGATED_ADMIN",
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      Capabilities: ["CAPABILITY_NAMED_IAM"],
      StackInstancesGroup: [
        {
          DeploymentTargets: {
            OrganizationalUnitIds: ["r-ab12", "ou-ab12-abcdefgh"],
            Accounts: EXCLUDED,
            AccountFilterType: "DIFFERENCE",
          },
          Regions: [{ Ref: "AWS::Region" }],
        },
      ],
    });
    expect(JSON.parse(props.TemplateBody as string)).toEqual(member.toJSON());
    // CloudFormation's limit for an inline template body.
    expect((props.TemplateBody as string).length).toBeLessThan(51_200);
    const parameters = Object.fromEntries(
      (props.Parameters as { ParameterKey: string; ParameterValue: unknown }[]).map((p) => [
        p.ParameterKey,
        p.ParameterValue,
      ]),
    );
    expect(parameters.AdministratorAccountId).toEqual({ Ref: "AWS::AccountId" });
    expect(parameters.OrganizationId).toBe(ORG);
    // Exactly the rule functions' roles and the re-evaluation trigger's role.
    const roleIds = [
      ...RULES.map((rule) => roleOf(ruleFunction(admin, rule.name)?.[1] ?? {})),
      roleOf(triggerFunction()[1]),
    ].sort();
    const joined = parameters.FunctionRoleArns as {
      "Fn::Join": [string, { "Fn::GetAtt": [string, string] }[]];
    };
    expect(joined["Fn::Join"][0]).toBe(",");
    expect(joined["Fn::Join"][1].map((g) => g["Fn::GetAtt"][0]).sort()).toEqual(roleIds);
  });

  it("creates an organization aggregator over the stage's regions, with a Config role", () => {
    const [roleId] =
      Object.entries(resources(admin, "AWS::IAM::Role")).find(([, r]) =>
        JSON.stringify(r.Properties?.ManagedPolicyArns ?? []).includes("AWSConfigRoleForOrganizations"),
      ) ?? [];
    admin.hasResourceProperties("AWS::Config::ConfigurationAggregator", {
      OrganizationAggregationSource: {
        RoleArn: { "Fn::GetAtt": [roleId, "Arn"] },
        AwsRegions: ["us-east-1", "eu-west-1"],
      },
    });
    admin.hasResourceProperties("AWS::IAM::Role", {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: "config.amazonaws.com" },
            Condition: { StringEquals: { "aws:SourceAccount": { Ref: "AWS::AccountId" } } },
          }),
        ],
      },
    });
  });

  it("admits events:PutEvents on the default bus from the organization only", () => {
    admin.resourceCountIs("AWS::Events::EventBusPolicy", 1);
    admin.hasResourceProperties("AWS::Events::EventBusPolicy", {
      EventBusName: "default",
      Statement: {
        Effect: "Allow",
        Principal: "*",
        Action: "events:PutEvents",
        Condition: { StringEquals: { "aws:PrincipalOrgID": ORG } },
      },
    });
  });
});

describe("organization mode: re-evaluation in the administrator account", () => {
  type Pattern = {
    source: string[];
    "detail-type": string[];
    account?: unknown;
    detail: { eventSource: string[]; eventName: string[]; errorCode?: unknown };
  };
  const apiCallRules = () =>
    Object.values(resources(admin, "AWS::Events::Rule")).filter(
      (r) =>
        (r.Properties?.EventPattern as Pattern | undefined)?.["detail-type"]?.[0] ===
        "AWS API Call via CloudTrail",
    );

  it("queues the API calls of other accounts (not this one, not the excluded ones), per service, as account mode's patterns", () => {
    const expected = apiCallPatterns(RULES);
    const rules = apiCallRules();
    expect(rules).toHaveLength(expected.length);
    for (const want of expected) {
      const rule = rules.find(
        (r) => (r.Properties?.EventPattern as Pattern | undefined)?.source[0] === want.source[0],
      );
      expect(rule?.Properties?.EventPattern).toEqual({
        ...want,
        detail: { ...want.detail, errorCode: [{ exists: false }] },
        account: [{ "anything-but": [{ Ref: "AWS::AccountId" }, ...EXCLUDED] }],
      });
      expect(rule?.Properties?.Targets).toEqual([
        expect.objectContaining({
          Arn: { "Fn::GetAtt": [expect.stringMatching(/^ReEvaluate[0-9A-F]/), "Arn"] },
        }),
      ]);
    }
  });

  it("drains an encrypted queue with a dead-letter queue into the trigger, as in account mode", () => {
    admin.hasResourceProperties("AWS::SQS::Queue", {
      VisibilityTimeout: 180,
      SqsManagedSseEnabled: true,
      RedrivePolicy: {
        deadLetterTargetArn: { "Fn::GetAtt": [Match.stringLikeRegexp("^ReEvaluateDeadLetters"), "Arn"] },
        maxReceiveCount: 10,
      },
    });
    const [triggerId] = triggerFunction();
    admin.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      FunctionName: { Ref: triggerId },
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      MaximumBatchingWindowInSeconds: 60,
    });
    admin.hasResourceProperties("AWS::CloudWatch::Alarm", {
      AlarmDescription: Match.stringLikeRegexp("re-evaluations given up"),
    });
    // What EventBridge cannot deliver to the queue goes to a dead-letter queue of its own.
    const apiRules = Object.values(resources(admin, "AWS::Events::Rule"));
    expect(apiRules.length).toBeGreaterThan(0);
    for (const rule of apiRules) {
      expect(rule.Properties?.Targets).toEqual([
        expect.objectContaining({
          DeadLetterConfig: {
            Arn: { "Fn::GetAtt": [expect.stringMatching(/^ReEvaluateUndelivered/), "Arn"] },
          },
        }),
      ]);
    }
  });

  it("runs the trigger in organization mode, with the member role, the administrator and the excluded accounts", () => {
    const [, trigger] = triggerFunction();
    const env = (trigger.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env).toMatchObject({
      MEMBER_ROLE_NAME: "migration-guard-org-member",
      MEMBER_STACK_SET_NAME: "migration-guard-org-member",
      ADMINISTRATOR_ACCOUNT_ID: { Ref: "AWS::AccountId" },
      EXCLUDED_ACCOUNTS: EXCLUDED.join(","),
    });
    expect(Object.keys(JSON.parse(env.CONFIG_RULES as string)).sort()).toEqual(
      RULES.map((r) => r.name).sort(),
    );
  });

  it("lets the trigger assume only the member role in the organization's accounts, and call nothing else itself", () => {
    const statements = roleStatements(admin, roleOf(triggerFunction()[1]));
    const assume = statements.filter((s) => asList(s.Action).includes("sts:AssumeRole"));
    expect(assume).toEqual([
      expect.objectContaining({
        Action: "sts:AssumeRole",
        Resource: {
          "Fn::Join": ["", ["arn:", { Ref: "AWS::Partition" }, ":iam::*:role/migration-guard-org-member"]],
        },
        Condition: {
          StringEquals: { "aws:ResourceOrgID": ORG },
          ArnEquals: { "lambda:SourceFunctionArn": { "Fn::GetAtt": [triggerFunction()[0], "Arn"] } },
        },
      }),
    ]);
    const queue = new Set([
      "sqs:ReceiveMessage",
      "sqs:ChangeMessageVisibility",
      "sqs:GetQueueUrl",
      "sqs:DeleteMessage",
      "sqs:GetQueueAttributes",
    ]);
    const others = actionsOf(statements.filter((s) => !asList(s.Action).includes("sts:AssumeRole")));
    expect(others.filter((a) => !PLUMBING.has(a) && !queue.has(a))).toEqual([]);
  });
});

describe("organization mode: alerts", () => {
  it("sends every account's compliance changes of the organization rules to notify, which may look account names up", () => {
    alerts.hasResourceProperties("AWS::Events::Rule", {
      EventPattern: {
        source: ["aws.config"],
        "detail-type": ["Config Rules Compliance Change"],
        detail: { configRuleName: RULES.map((r) => ({ prefix: `OrgConfigRule-${r.name}-` })) },
      },
    });
    const [, notify] =
      Object.entries(resources(alerts, "AWS::Lambda::Function")).find(
        ([, f]) => f.Properties?.Handler === "functions/notify.handler",
      ) ?? [];
    expect(
      (notify?.Properties?.Environment as { Variables?: Record<string, string> } | undefined)?.Variables,
    ).toMatchObject({
      ACCOUNT_NAMES: "organizations",
    });
    const statements = roleStatements(alerts, roleOf(notify?.Properties ?? {}));
    const describe = statements.find((s) => asList(s.Action).includes("organizations:DescribeAccount"));
    expect(JSON.stringify(describe?.Resource)).toContain(`:account/${ORG}/*`);
  });
});

describe("organization mode: member template", () => {
  const memberRole = () => {
    const roles = Object.values(resources(member, "AWS::IAM::Role")).filter(
      (r) => r.Properties?.RoleName === "migration-guard-org-member",
    );
    expect(roles).toHaveLength(1);
    return roles[0];
  };

  it("grants the member role exactly the registry's actions, no wildcard action", () => {
    const [roleId] =
      Object.entries(resources(member, "AWS::IAM::Role")).find(
        ([, r]) => r.Properties?.RoleName === "migration-guard-org-member",
      ) ?? [];
    const statements = roleStatements(member, roleId ?? "");
    // The registry's actions, and the two the re-evaluation trigger calls in the member.
    const expected = [
      ...new Set([...RULES.flatMap((r) => functionActions(r)), ...RE_EVALUATION_ACTIONS]),
    ].sort();
    expect(actionsOf(statements)).toEqual(expected);
    expect(expected).toContain("config:PutEvaluations");
    expect(actionsOf(statements).every((a) => !a.includes("*"))).toBe(true);
    // Scoped to the member's own account and region (pseudo parameters, resolved in the member).
    const dmsTags = statements.find((st) => asList(st.Action).includes("dms:ListTagsForResource"));
    expect(dmsTags?.Resource).toEqual({
      "Fn::Join": [
        "",
        [
          "arn:",
          { Ref: "AWS::Partition" },
          ":dms:",
          { Ref: "AWS::Region" },
          ":",
          { Ref: "AWS::AccountId" },
          ":*",
        ],
      ],
    });
    const key = statements.find((st) => asList(st.Action).includes("kms:DescribeKey"));
    expect(key?.Resource).toEqual({
      "Fn::Join": ["", ["arn:", { Ref: "AWS::Partition" }, ":kms:", { Ref: "AWS::Region" }, ":*:key/*"]],
    });
  });

  it("trusts only this deployment's function roles in the administrator account, within the organization", () => {
    expect(memberRole()?.Properties?.AssumeRolePolicyDocument).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: "sts:AssumeRole",
          Principal: {
            AWS: {
              "Fn::Join": [
                "",
                ["arn:", { Ref: "AWS::Partition" }, ":iam::", { Ref: "AdministratorAccountId" }, ":root"],
              ],
            },
          },
          Condition: {
            ArnEquals: { "aws:PrincipalArn": { Ref: "FunctionRoleArns" } },
            StringEquals: { "aws:PrincipalOrgID": { Ref: "OrganizationId" } },
          },
        },
      ],
    });
    member.hasParameter("FunctionRoleArns", { Type: "CommaDelimitedList" });
  });

  it("forwards the member's compliance changes of these rules to the administrator's bus, with a role, outside the administrator", () => {
    const rules = Object.values(resources(member, "AWS::Events::Rule")) as (ReturnType<
      typeof resources
    >[string] & { Condition?: string })[];
    const compliance = rules.filter(
      (r) => (r.Properties?.EventPattern as { source?: string[] })?.source?.[0] === "aws.config",
    );
    expect(compliance).toHaveLength(1);
    const [rule] = compliance;
    expect(rule?.Properties?.EventPattern).toEqual({
      source: ["aws.config"],
      "detail-type": ["Config Rules Compliance Change"],
      detail: {
        messageType: ["ComplianceChangeNotification"],
        configRuleName: RULES.map((r) => ({ prefix: `OrgConfigRule-${r.name}-` })),
      },
    });
    const busArn = {
      "Fn::Join": [
        "",
        [
          "arn:",
          { Ref: "AWS::Partition" },
          ":events:",
          { Ref: "AWS::Region" },
          ":",
          { Ref: "AdministratorAccountId" },
          ":event-bus/default",
        ],
      ],
    };
    const [target] = (rule?.Properties?.Targets ?? []) as {
      Arn: unknown;
      RoleArn: { "Fn::GetAtt": [string, string] };
    }[];
    expect(target?.Arn).toEqual(busArn);
    const forwarderId = target?.RoleArn["Fn::GetAtt"][0] ?? "";
    const statements = roleStatements(member, forwarderId);
    expect(statements).toEqual([expect.objectContaining({ Action: "events:PutEvents", Resource: busArn })]);
    expect(rule?.Condition).toBe("ForwardEvents");
    member.hasCondition("ForwardEvents", {
      "Fn::Not": [{ "Fn::Equals": [{ Ref: "AWS::AccountId" }, { Ref: "AdministratorAccountId" }] }],
    });
  });

  it("forwards the member's API calls that change what the rules evaluate, per service, to the administrator's bus", () => {
    const expected = apiCallPatterns(RULES);
    const all = Object.values(resources(member, "AWS::Events::Rule")) as (ReturnType<
      typeof resources
    >[string] & { Condition?: string })[];
    const forward = all.filter(
      (r) =>
        (r.Properties?.EventPattern as { "detail-type"?: string[] })?.["detail-type"]?.[0] ===
        "AWS API Call via CloudTrail",
    );
    expect(forward).toHaveLength(expected.length);
    const [compliance] = all.filter((r) => !forward.includes(r));
    const complianceTarget = (
      compliance?.Properties?.Targets as { Arn: unknown; RoleArn: unknown }[] | undefined
    )?.[0];
    for (const want of expected) {
      const rule = forward.find(
        (r) => (r.Properties?.EventPattern as { source: string[] } | undefined)?.source[0] === want.source[0],
      );
      expect(rule?.Properties?.EventPattern).toEqual({
        ...want,
        detail: { ...want.detail, errorCode: [{ exists: false }] },
      });
      // The same bus and the same events role as the compliance changes, outside the administrator.
      expect(rule?.Properties?.Targets).toEqual([
        { Id: "AdministratorBus", Arn: complianceTarget?.Arn, RoleArn: complianceTarget?.RoleArn },
      ]);
      expect(rule?.Condition).toBe("ForwardEvents");
    }
  });

  it("lets the member role list and re-evaluate only this account's Config rules, for the trigger", () => {
    const [roleId] =
      Object.entries(resources(member, "AWS::IAM::Role")).find(
        ([, r]) => r.Properties?.RoleName === "migration-guard-org-member",
      ) ?? [];
    const statements = roleStatements(member, roleId ?? "").filter((s) =>
      asList(s.Action).some((a) => (RE_EVALUATION_ACTIONS as readonly string[]).includes(a)),
    );
    expect(statements).toEqual([
      expect.objectContaining({
        Action: [...RE_EVALUATION_ACTIONS],
        Resource: {
          "Fn::Join": [
            "",
            [
              "arn:",
              { Ref: "AWS::Partition" },
              ":config:",
              { Ref: "AWS::Region" },
              ":",
              { Ref: "AWS::AccountId" },
              ":config-rule/*",
            ],
          ],
        },
      }),
    ]);
  });

  it("passes cfn-lint without errors, with the administrator templates", () => {
    expect(lintErrors(files)).toBeUndefined();
  }, 300_000);
});

describe("npm run synth -- --organization", () => {
  it("writes the administrator templates and the member template, which pass cfn-lint", () => {
    const out = join(dir, "cli");
    const run = spawnSync(
      "npx",
      ["tsx", "scripts/synth.ts", "--out", out, "--stage", "orgcli", "--organization"],
      { encoding: "utf8" },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain("example");
    const written = readdirSync(out).sort();
    expect(written).toEqual([
      "orgcli-migration-guard-Alerts.template.json",
      "orgcli-migration-guard-Member.template.json",
      "orgcli-migration-guard-Organization.template.json",
    ]);
    const memberJson = JSON.parse(readFileSync(join(out, written[1] ?? ""), "utf8"));
    expect(Object.keys(memberJson.Parameters)).toEqual([
      "AdministratorAccountId",
      "OrganizationId",
      "FunctionRoleArns",
    ]);
    expect(lintErrors(written.map((f) => join(out, f)))).toBeUndefined();
  }, 300_000);
});
