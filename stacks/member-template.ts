import { apiCallPatterns, functionActions, memberRuleNamePrefix } from "@migration-guard/core";
import type { DeployedRule } from "@migration-guard/core/deploy/deployed-rules.js";
import {
  App,
  Aws,
  BootstraplessSynthesizer,
  CfnCondition,
  CfnParameter,
  type CfnResource,
  Fn,
  Stack,
} from "aws-cdk-lib";
import * as events from "aws-cdk-lib/aws-events";
import * as iam from "aws-cdk-lib/aws-iam";
import { NagSuppressions } from "cdk-nag";
import { pascal } from "./context.js";
import { scopedStatements } from "./iam-scope.js";
import { suppressRuleActions } from "./nag.js";

/**
 * The member-account template, deployed to every member by the administrator's service-managed
 * StackSet (stacks/Organization.ts) and written by `npm run synth -- --organization`:
 * - the role the rule functions assume (MEMBER_ROLE_NAME): exactly the union of the deployed
 *   rules' actions (the registry's, as in per-account mode: reads plus the AWS Config calls the
 *   functions make, config:PutEvaluations among them), trusted only by this deployment's function
 *   roles in the administrator account, and only from within the organization;
 *   The role also starts re-evaluations for the administrator's trigger function (its role is
 *   among FunctionRoleArns): config:DescribeConfigRules and config:StartConfigRulesEvaluation on
 *   this account's Config rules (both take a `config-rule` ARN: AWS Config developer guide,
 *   "Supported resource-level permissions for AWS Config rule API actions");
 * - an EventBridge rule forwarding the member's `Config Rules Compliance Change` events of these
 *   rules to the administrator's default event bus, with the role EventBridge uses for the
 *   cross-account PutEvents, and per service a rule forwarding the CloudTrail API calls that change
 *   what the rules evaluate (trigger/changes.ts `apiCallPatterns`, as in account mode; EventBridge
 *   keeps the event's `account`). Skipped in the administrator account itself (its events are
 *   already on its bus).
 * What differs per deployment comes in as parameters (set by the StackSet), so the body is the
 * same for every member.
 */

interface MemberTemplateOptions {
  rules: readonly DeployedRule[];
  memberRoleName: string;
  stage: string;
}

/** What the member role grants the administrator's trigger function (re-evaluation in the member). */
const RE_EVALUATION_ACTIONS = ["config:DescribeConfigRules", "config:StartConfigRulesEvaluation"] as const;

/** The distinct actions the member role grants: the union of the deployed rules' function actions. */
function memberActions(rules: readonly DeployedRule[]): string[] {
  return [...new Set(rules.flatMap((r) => functionActions(r.rule)))].sort();
}

/** Serverless-EventBusDLQ on the forwarding rules (their target is the administrator's bus). */
function suppressForwardingDlq(rule: events.CfnRule): void {
  NagSuppressions.addResourceSuppressions(rule, [
    {
      id: "Serverless-EventBusDLQ",
      reason:
        "the target is the administrator's event bus (cross-account PutEvents, retried by EventBridge for up to 24 hours); a dead-letter queue in each member would hold events nobody in the administrator account sees, and periodic evaluations still cover a lost re-evaluation",
    },
  ]);
}

function memberTemplate(options: MemberTemplateOptions): Record<string, unknown> {
  const app = new App({ analyticsReporting: false });
  const stack = new Stack(app, "Member", {
    synthesizer: new BootstraplessSynthesizer(),
    analyticsReporting: false,
    description: `migration-guard ${options.stage}: member-account role and compliance-change forwarding (deployed by StackSet)`,
  });

  const administrator = new CfnParameter(stack, "AdministratorAccountId", {
    type: "String",
    allowedPattern: "^\\d{12}$",
    description: "The account the migration-guard rule functions run in (Config delegated administrator)",
  });
  const organization = new CfnParameter(stack, "OrganizationId", {
    type: "String",
    allowedPattern: "^o-[a-z0-9]{10,32}$",
    description: "The organization whose accounts may use the role",
  });
  const functionRoles = new CfnParameter(stack, "FunctionRoleArns", {
    type: "CommaDelimitedList",
    description: "The roles of the migration-guard rule functions in the administrator account",
  });

  const role = new iam.Role(stack, "MemberRole", {
    roleName: options.memberRoleName,
    description: `migration-guard ${options.stage}: read access for the Config rule functions of the administrator account`,
    assumedBy: new iam.AccountPrincipal(administrator.valueAsString).withConditions({
      ArnEquals: { "aws:PrincipalArn": functionRoles.valueAsList },
      StringEquals: { "aws:PrincipalOrgID": organization.valueAsString },
    }),
  });
  const ruleActions = new iam.Policy(stack, "MemberRoleActions", {
    policyName: "RuleActions",
    document: new iam.PolicyDocument({
      statements: scopedStatements(memberActions(options.rules), "RuleActions"),
    }),
  });
  role.attachInlinePolicy(ruleActions);
  suppressRuleActions(ruleActions);
  const patterns = apiCallPatterns(options.rules.map((r) => r.rule));
  if (patterns.length > 0) {
    const reEvaluation = new iam.Policy(stack, "MemberRoleReEvaluation", {
      policyName: "ReEvaluation",
      document: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            sid: "ReEvaluateRules",
            actions: [...RE_EVALUATION_ACTIONS],
            resources: [`arn:${Aws.PARTITION}:config:${Aws.REGION}:${Aws.ACCOUNT_ID}:config-rule/*`],
          }),
        ],
      }),
    });
    role.attachInlinePolicy(reEvaluation);
    suppressRuleActions(reEvaluation);
  }

  const forward = new CfnCondition(stack, "ForwardEvents", {
    expression: Fn.conditionNot(Fn.conditionEquals(Aws.ACCOUNT_ID, administrator.valueAsString)),
  });
  const busArn = `arn:${Aws.PARTITION}:events:${Aws.REGION}:${administrator.valueAsString}:event-bus/default`;
  const forwarder = new iam.Role(stack, "ForwardEventsRole", {
    description: `migration-guard ${options.stage}: forward compliance changes and API calls to the administrator's event bus`,
    assumedBy: new iam.ServicePrincipal("events.amazonaws.com").withConditions({
      StringEquals: { "aws:SourceAccount": Aws.ACCOUNT_ID },
    }),
    inlinePolicies: {
      PutEvents: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            sid: "AdministratorBus",
            actions: ["events:PutEvents"],
            resources: [busArn],
          }),
        ],
      }),
    },
  });
  const rule = new events.CfnRule(stack, "ForwardComplianceChanges", {
    description:
      "migration-guard: compliance changes of the organization rules, to the administrator's event bus",
    eventPattern: {
      source: ["aws.config"],
      "detail-type": ["Config Rules Compliance Change"],
      detail: {
        messageType: ["ComplianceChangeNotification"],
        configRuleName: options.rules.map((r) => ({ prefix: memberRuleNamePrefix(r.configRuleName) })),
      },
    },
    state: "ENABLED",
    targets: [{ id: "AdministratorBus", arn: busArn, roleArn: forwarder.roleArn }],
  });
  rule.cfnOptions.condition = forward;
  suppressForwardingDlq(rule);
  patterns.forEach((pattern, i) => {
    const service = pattern.source[0]?.replace(/^aws\./, "") ?? String(i);
    const apiCalls = new events.CfnRule(stack, `ForwardApiCalls${pascal(service)}`, {
      description: `migration-guard: ${service} API calls that change what the rules evaluate, to the administrator's event bus`,
      eventPattern: {
        source: pattern.source,
        "detail-type": pattern["detail-type"],
        detail: { ...pattern.detail, errorCode: [{ exists: false }] },
      },
      state: "ENABLED",
      targets: [{ id: "AdministratorBus", arn: busArn, roleArn: forwarder.roleArn }],
    });
    apiCalls.cfnOptions.condition = forward;
    suppressForwardingDlq(apiCalls);
  });
  (forwarder.node.defaultChild as CfnResource).cfnOptions.condition = forward;

  return app.synth().getStackByName(stack.stackName).template as Record<string, unknown>;
}

export type { MemberTemplateOptions };
export { memberActions, memberTemplate, RE_EVALUATION_ACTIONS };
