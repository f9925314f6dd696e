import { ruleResourceTypes } from "@migration-guard/core/rules/types.js";
import { Aws, Fn } from "aws-cdk-lib";
import * as cloudformation from "aws-cdk-lib/aws-cloudformation";
import * as config from "aws-cdk-lib/aws-config";
import * as events from "aws-cdk-lib/aws-events";
import * as iam from "aws-cdk-lib/aws-iam";
import { SqsDestination } from "aws-cdk-lib/aws-lambda-destinations";
import { NagSuppressions } from "cdk-nag";
import { type App, type StackContext, use } from "sst/constructs";
import { Alerts } from "./Alerts.js";
import { assumeMemberRole } from "./assume-member.js";
import { deltaReportingEnvironment, type OrganizationConfig } from "./config.js";
import { deployedRules, pascal, useStageConfig } from "./context.js";
import { appFunction, ruleFailureQueue } from "./lambda.js";
import { memberTemplate } from "./member-template.js";
import { suppressSstInternals } from "./nag.js";
import { invokeAccounts, limitResources, memberInvokePermissions } from "./org-permissions.js";
import { organizationReEvaluation } from "./organization-trigger.js";

/**
 * Organization mode, deployed once in the Config delegated administrator (or management) account:
 * - per registry rule the same function as in per-account mode (functions/evaluate.ts with
 *   RULE_NAME), which finds the member account in the Config event and assumes the member role
 *   there (MEMBER_ROLE_NAME; MEMBER_STACK_SET_NAME is named in errors). Its role may do nothing
 *   but sts:AssumeRole on that role name in accounts of this organization (aws:ResourceOrgID),
 *   from the function's own code (lambda:SourceFunctionArn, stacks/assume-member.ts): every read
 *   and config:PutEvaluations happens with the member role;
 * - per function and evaluated account (the administrator and organization.memberAccounts) a
 *   Lambda permission for that account's AWS Config (SourceAccount): a service principal's request
 *   carries no aws:PrincipalOrgID, and AddPermission has no SourceOrgID (stacks/org-permissions.ts).
 *   The organization boundary holds again where data is touched: the function role can assume
 *   roles in this organization's accounts only (aws:ResourceOrgID) and the member role trusts only
 *   these function roles (and aws:PrincipalOrgID);
 * - per rule an AWS::Config::OrganizationConfigRule (custom Lambda) with the stage's parameters
 *   and excluded accounts;
 * - the member template (stacks/member-template.ts) as a service-managed StackSet with automatic
 *   deployment to the stage's root/OUs, so every current and future member has the role before
 *   its rules run; excluded accounts are left out of it too;
 * - event-driven re-evaluation of each member's own rule instances (stacks/organization-trigger.ts);
 * - an organization Config aggregator and the default event bus's policy admitting PutEvents from
 *   the organization's accounts (the members' forwarded compliance changes; alerts in Alerts.ts).
 */

const memberTemplates = new WeakMap<App, Record<string, unknown>>();

/** The member template the app's StackSet deploys (after the Organization stack is defined). */
function memberTemplateOf(app: App): Record<string, unknown> | undefined {
  return memberTemplates.get(app);
}

const TRIGGERS = {
  change: ["ConfigurationItemChangeNotification", "OversizedConfigurationItemChangeNotification"],
  periodic: "ScheduledNotification",
};

export function Organization({ stack, app }: StackContext) {
  const stage = useStageConfig(app);
  const org = stage.organization as OrganizationConfig;
  if (!org) throw new Error(`stage ${stage.stage}: the Organization stack needs organization settings`);
  const { topic } = use(Alerts);
  const rules = deployedRules(app);
  suppressSstInternals(stack);
  if (rules.length === 0) {
    throw new Error(
      `stage ${stage.stage}: organization mode with no rule to deploy in ${app.region} (see disabledRules)`,
    );
  }

  const ruleFailures = ruleFailureQueue(stack, topic);
  const accounts = invokeAccounts(stack, org.memberAccounts);
  limitResources(stack, stage.stage, accounts.length, rules.length);

  const functions = rules.map(({ rule, configRuleName }) => {
    const id = pascal(rule.name);
    const fn = appFunction(stack, `Rule${id}`, {
      handler: "functions/evaluate.handler",
      description: `${rule.name}: ${rule.description}`,
      environment: {
        RULE_NAME: rule.name,
        MEMBER_ROLE_NAME: org.memberRoleName,
        MEMBER_STACK_SET_NAME: org.memberStackSetName,
        ...deltaReportingEnvironment(stage),
      },
      timeout: rule.triggers.periodic ? 300 : 60,
      logRetentionDays: stage.logRetentionDays,
      alarmTopic: topic,
      onFailure: new SqsDestination(ruleFailures),
      retryAttempts: 2,
    });
    const assume = assumeMemberRole(stack, `Rule${id}AssumeMemberRole`, fn, org);
    const permissions = memberInvokePermissions(stack, id, fn.fn, accounts);
    return { rule, configRuleName, id, fn, permissions, assume };
  });

  const trigger = organizationReEvaluation(stack, {
    rules,
    org,
    logRetentionDays: stage.logRetentionDays,
    topic,
  });

  const template = memberTemplate({ rules, memberRoleName: org.memberRoleName, stage: stage.stage });
  memberTemplates.set(app, template);
  const stackSet = new cloudformation.CfnStackSet(stack, "MemberStackSet", {
    stackSetName: org.memberStackSetName,
    description: `migration-guard ${stage.stage}: member role and compliance-change forwarding`,
    permissionModel: "SERVICE_MANAGED",
    callAs: org.administrator === "management" ? "SELF" : "DELEGATED_ADMIN",
    autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
    capabilities: ["CAPABILITY_NAMED_IAM"],
    managedExecution: { Active: true },
    operationPreferences: {
      failureTolerancePercentage: 10,
      maxConcurrentPercentage: 25,
      regionConcurrencyType: "PARALLEL",
    },
    templateBody: JSON.stringify(template),
    parameters: [
      { parameterKey: "AdministratorAccountId", parameterValue: Aws.ACCOUNT_ID },
      { parameterKey: "OrganizationId", parameterValue: org.organizationId },
      {
        parameterKey: "FunctionRoleArns",
        parameterValue: Fn.join(",", [
          ...functions.map((f) => f.fn.role.roleArn),
          ...(trigger ? [trigger.role.roleArn] : []),
        ]),
      },
    ],
    stackInstancesGroup: [
      {
        deploymentTargets: {
          organizationalUnitIds: org.targetOrganizationalUnits,
          ...(org.excludedAccounts.length > 0
            ? { accounts: org.excludedAccounts, accountFilterType: "DIFFERENCE" }
            : {}),
        },
        regions: [Aws.REGION],
      },
    ],
  });

  const organizationRules = functions.map(({ rule, configRuleName, id, fn, permissions, assume }) => {
    // Empty values (an empty list) are left out: the function reads an absent parameter as its default.
    const parameters = Object.fromEntries(
      Object.entries(stage.ruleParameters[rule.name] ?? {}).filter(([, value]) => value !== ""),
    );
    const triggerTypes = [
      ...(rule.triggers.configurationChange ? TRIGGERS.change : []),
      ...(rule.triggers.periodic ? [TRIGGERS.periodic] : []),
    ];
    // A scope only with configuration-change triggers, listing every type the rule evaluates: a
    // periodic rule with a scope is refused (cloud-custodian PR #10008, see stacks/Rules.ts).
    const scope = rule.triggers.configurationChange
      ? ruleResourceTypes(rule).filter((type) => type !== "AWS::::Account")
      : [];
    const organizationRule = new config.CfnOrganizationConfigRule(stack, `Rule${id}OrganizationRule`, {
      organizationConfigRuleName: configRuleName,
      organizationCustomRuleMetadata: {
        lambdaFunctionArn: fn.fn.functionArn,
        description: rule.description.slice(0, 256),
        organizationConfigRuleTriggerTypes: triggerTypes,
        ...(scope.length > 0 ? { resourceTypesScope: scope } : {}),
        ...(Object.keys(parameters).length > 0 ? { inputParameters: JSON.stringify(parameters) } : {}),
        ...(rule.triggers.periodic ? { maximumExecutionFrequency: rule.triggers.periodic } : {}),
      },
      ...(org.excludedAccounts.length > 0 ? { excludedAccounts: org.excludedAccounts } : {}),
    });
    // AWS Config checks the permission when the rule is created; the member roles come first.
    for (const permission of permissions) organizationRule.addDependency(permission);
    organizationRule.addDependency(stackSet);
    // The function reaches the members only once its AssumeRole policy exists.
    organizationRule.node.addDependency(assume);
    return organizationRule;
  });

  const aggregatorRole = new iam.Role(stack, "AggregatorRole", {
    description: "migration-guard: AWS Config organization aggregator",
    assumedBy: new iam.ServicePrincipal("config.amazonaws.com").withConditions({
      StringEquals: { "aws:SourceAccount": Aws.ACCOUNT_ID },
    }),
    managedPolicies: [
      iam.ManagedPolicy.fromAwsManagedPolicyName("service-role/AWSConfigRoleForOrganizations"),
    ],
  });
  NagSuppressions.addResourceSuppressions(aggregatorRole, [
    {
      id: "AwsSolutions-IAM4",
      reason:
        "AWSConfigRoleForOrganizations is the managed policy AWS Config documents for an organization aggregator's role (organizations:Describe*/List* it needs, kept current by AWS)",
      appliesTo: ["Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSConfigRoleForOrganizations"],
    },
  ]);
  const aggregator = new config.CfnConfigurationAggregator(stack, "Aggregator", {
    configurationAggregatorName: `migration-guard-${stage.stage}`,
    organizationAggregationSource: {
      roleArn: aggregatorRole.roleArn,
      ...(org.aggregatorRegions === "all" ? { allAwsRegions: true } : { awsRegions: org.aggregatorRegions }),
    },
  });

  new events.CfnEventBusPolicy(stack, "OrganizationPutEvents", {
    eventBusName: "default",
    statementId: `migration-guard-${stage.stage}-organization`,
    statement: {
      Sid: `migration-guard-${stage.stage}-organization`,
      Effect: "Allow",
      Principal: "*",
      Action: "events:PutEvents",
      Resource: `arn:${Aws.PARTITION}:events:${Aws.REGION}:${Aws.ACCOUNT_ID}:event-bus/default`,
      Condition: { StringEquals: { "aws:PrincipalOrgID": org.organizationId } },
    },
  });

  stack.addOutputs({
    MemberRoleName: org.memberRoleName,
    MemberStackSetName: org.memberStackSetName,
    AggregatorName: aggregator.ref,
  });
  return { organizationRules, stackSet, aggregator };
}

export { memberTemplateOf };
