import { apiCallPatterns, formatDeployedRules, functionActions } from "@migration-guard/core";
import { type AnyRule, ruleResourceTypes } from "@migration-guard/core/rules/types.js";
import { Aws, CfnResource, Duration, RemovalPolicy } from "aws-cdk-lib";
import * as config from "aws-cdk-lib/aws-config";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { SqsDestination } from "aws-cdk-lib/aws-lambda-destinations";
import * as s3 from "aws-cdk-lib/aws-s3";
import { NagSuppressions } from "cdk-nag";
import type { Construct } from "constructs";
import { type StackContext, use } from "sst/constructs";
import { Alerts } from "./Alerts.js";
import { deltaReportingEnvironment, type StageConfig } from "./config.js";
import { deployedRules, pascal, useStageConfig } from "./context.js";
import { scopedStatements } from "./iam-scope.js";
import { appFunction, arnIn, reEvaluation, ruleFailureQueue } from "./lambda.js";
import { suppressRuleActions, suppressSstInternals } from "./nag.js";

/**
 * The rules, derived from the registry (no per-rule code here): per rule a function
 * (functions/evaluate.ts with RULE_NAME), a role with exactly the rule's actions, the Lambda
 * permission for AWS Config (this account, this account's Config rules) and the
 * AWS::Config::ConfigRule with the rule's scope, triggers and the stage's parameters.
 * Then the event-driven re-evaluation (EventBridge → SQS → functions/trigger.ts) and,
 * when the stage asks for it, a Config recorder for the resource types the rules need.
 */

const CHANGE_MESSAGE_TYPES = [
  "ConfigurationItemChangeNotification",
  "OversizedConfigurationItemChangeNotification",
];

function sourceDetails(rule: AnyRule): config.CfnConfigRule.SourceDetailProperty[] {
  const details: config.CfnConfigRule.SourceDetailProperty[] = [];
  if (rule.triggers.configurationChange) {
    for (const messageType of CHANGE_MESSAGE_TYPES) details.push({ eventSource: "aws.config", messageType });
  }
  if (rule.triggers.periodic) {
    details.push({
      eventSource: "aws.config",
      messageType: "ScheduledNotification",
      maximumExecutionFrequency: rule.triggers.periodic,
    });
  }
  return details;
}

/** `AWS::::Account` is what account-level evaluations are reported against, not a recordable type. */
function isRecordable(resourceType: string): boolean {
  return resourceType !== "AWS::::Account";
}

/**
 * The Config rule's scope: only a rule with configuration-change triggers has one, listing every
 * recordable type it evaluates. A periodic rule has none: PutConfigRule answers
 * InvalidParameterValueException for a periodic rule with a scope since 2025 (confirmed by AWS
 * support in cloud-custodian PR #10008 "aws - mu - remove scope from periodic rules",
 * https://github.com/cloud-custodian/cloud-custodian/pull/10008).
 */
function scopeTypes(rule: AnyRule): string[] | undefined {
  if (!rule.triggers.configurationChange) return undefined;
  const types = ruleResourceTypes(rule).filter((type) => isRecordable(type));
  return types.length > 0 ? [...types] : undefined;
}

function recorder(scope: Construct, resourceTypes: readonly string[]): CfnResource[] {
  const bucket = new s3.Bucket(scope, "ConfigHistory", {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    versioned: true,
    removalPolicy: RemovalPolicy.RETAIN,
    lifecycleRules: [{ expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) }],
  });
  NagSuppressions.addResourceSuppressions(bucket, [
    {
      id: "AwsSolutions-S1",
      reason:
        "AWS Config's delivery bucket: only AWS Config of this account writes to it (bucket policy with AWS:SourceAccount) and CloudTrail records its API calls; server access logs would need a second bucket holding no more than that",
    },
  ]);
  const sourceAccount = { StringEquals: { "AWS:SourceAccount": Aws.ACCOUNT_ID } };
  const configService = new iam.ServicePrincipal("config.amazonaws.com");
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: "ConfigBucketCheck",
      principals: [configService],
      actions: ["s3:GetBucketAcl", "s3:ListBucket"],
      resources: [bucket.bucketArn],
      conditions: sourceAccount,
    }),
  );
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: "ConfigBucketDelivery",
      principals: [configService],
      actions: ["s3:PutObject"],
      resources: [bucket.arnForObjects(`AWSLogs/${Aws.ACCOUNT_ID}/Config/*`)],
      conditions: {
        StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "AWS:SourceAccount": Aws.ACCOUNT_ID },
      },
    }),
  );
  const role = new iam.Role(scope, "ConfigRecorderRole", {
    // Only AWS Config acting for this account: aws:SourceAccount in a service role's trust policy
    // (IAM user guide, "The confused deputy problem", cross-service confused deputy prevention).
    assumedBy: new iam.ServicePrincipal("config.amazonaws.com").withConditions({
      StringEquals: { "aws:SourceAccount": Aws.ACCOUNT_ID },
    }),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName("service-role/AWS_ConfigRole")],
  });
  NagSuppressions.addResourceSuppressions(role, [
    {
      id: "AwsSolutions-IAM4",
      reason:
        "AWS_ConfigRole is the managed policy AWS Config documents for the recorder's role; AWS keeps it current as Config records new resource types",
      appliesTo: ["Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWS_ConfigRole"],
    },
  ]);
  const configRecorder = new config.CfnConfigurationRecorder(scope, "ConfigRecorder", {
    roleArn: role.roleArn,
    recordingGroup: {
      allSupported: false,
      includeGlobalResourceTypes: false,
      resourceTypes: [...resourceTypes],
    },
  });
  const channel = new config.CfnDeliveryChannel(scope, "ConfigDeliveryChannel", {
    s3BucketName: bucket.bucketName,
    configSnapshotDeliveryProperties: { deliveryFrequency: "TwentyFour_Hours" },
  });
  channel.addDependency(configRecorder);
  const policy = bucket.policy?.node.defaultChild;
  if (policy instanceof CfnResource) channel.addDependency(policy);
  return [configRecorder, channel];
}

export function Rules({ stack, app }: StackContext) {
  const stage: StageConfig = useStageConfig(app);
  const { topic } = use(Alerts);
  const rules = deployedRules(app);
  suppressSstInternals(stack);

  const recordedTypes = [
    ...new Set(rules.flatMap((r) => ruleResourceTypes(r.rule)).filter((type) => isRecordable(type))),
  ].sort();
  const recorderResources = stage.recorder && recordedTypes.length > 0 ? recorder(stack, recordedTypes) : [];

  // Asynchronous invocations (AWS Config invokes rule functions asynchronously) that failed after retries.
  const ruleFailures = ruleFailureQueue(stack, topic);

  const configRules: config.CfnConfigRule[] = [];
  for (const { rule, configRuleName } of rules) {
    const id = pascal(rule.name);
    const fn = appFunction(stack, `Rule${id}`, {
      handler: "functions/evaluate.handler",
      description: `${rule.name}: ${rule.description}`,
      environment: { RULE_NAME: rule.name, ...deltaReportingEnvironment(stage) },
      timeout: rule.triggers.periodic ? 300 : 60,
      logRetentionDays: stage.logRetentionDays,
      alarmTopic: topic,
      onFailure: new SqsDestination(ruleFailures),
      retryAttempts: 2,
    });
    for (const statement of scopedStatements(functionActions(rule), "RuleActions")) {
      fn.role.addToPrincipalPolicy(statement);
    }
    suppressRuleActions(fn.role);
    const permission = new lambda.CfnPermission(stack, `Rule${id}ConfigInvoke`, {
      action: "lambda:InvokeFunction",
      functionName: fn.fn.functionArn,
      principal: "config.amazonaws.com",
      sourceAccount: Aws.ACCOUNT_ID,
      // The rule's own ARN has a generated suffix and needs this permission to exist first.
      sourceArn: arnIn("config", "config-rule/*"),
    });
    // Empty values (an empty list) are left out: the function reads an absent parameter as its default.
    const parameters = Object.fromEntries(
      Object.entries(stage.ruleParameters[rule.name] ?? {}).filter(([, value]) => value !== ""),
    );
    const scope = scopeTypes(rule);
    const configRule = new config.CfnConfigRule(stack, `Rule${id}ConfigRule`, {
      configRuleName,
      description: rule.description.slice(0, 256),
      source: {
        owner: "CUSTOM_LAMBDA",
        sourceIdentifier: fn.fn.functionArn,
        sourceDetails: sourceDetails(rule),
      },
      ...(scope ? { scope: { complianceResourceTypes: scope } } : {}),
      ...(Object.keys(parameters).length > 0 ? { inputParameters: parameters } : {}),
      ...(rule.triggers.periodic ? { maximumExecutionFrequency: rule.triggers.periodic } : {}),
    });
    configRule.addDependency(permission);
    for (const resource of recorderResources) configRule.addDependency(resource);
    configRules.push(configRule);
  }

  // Event-driven re-evaluation.
  const patterns = apiCallPatterns(rules.map((r) => r.rule));
  if (patterns.length > 0) {
    const { trigger } = reEvaluation(stack, {
      patterns,
      environment: { CONFIG_RULES: formatDeployedRules(rules) },
      logRetentionDays: stage.logRetentionDays,
      topic,
    });
    trigger.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "StartReEvaluation",
        actions: ["config:StartConfigRulesEvaluation"],
        resources: configRules.map((r) => r.attrArn),
      }),
    );
  }

  return { configRules };
}
