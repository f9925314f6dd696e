import { NagSuppressions } from "cdk-nag";
import type { IConstruct } from "constructs";

/**
 * cdk-nag (AwsSolutions, Serverless) suppressions, each applied beside its construct by the stack
 * that defines it, with the reason it does not apply here. test/stacks/cdk-nag.test.ts runs both
 * packs on every stack of every variant; README "Security" lists these suppressions.
 */

/** Why the runtime is nodejs22.x (AwsSolutions-L1, Serverless-LambdaLatestVersion). */
const RUNTIME =
  "nodejs22.x is the runtime the project builds and tests for (CONVENTIONS: Lambda runs nodejs22.x); a runtime upgrade is a tested change of its own, not a template default";
/** Why tracing is off (Serverless-LambdaTracing). */
const TRACING =
  "X-Ray tracing is off by design: each invocation already logs structured JSON (Powertools) and EMF metrics (ApiCalls, Duration); tracing would add xray:PutTraceSegments on * to every role";

/**
 * A function of the app (stacks/lambda.ts `appFunction`). `failures` says where failed
 * invocations go instead of a function dead-letter queue (Serverless-LambdaDLQ).
 */
function suppressFunction(fn: IConstruct, failures: string): void {
  NagSuppressions.addResourceSuppressions(fn, [
    { id: "AwsSolutions-L1", reason: RUNTIME },
    { id: "Serverless-LambdaLatestVersion", reason: RUNTIME },
    { id: "Serverless-LambdaTracing", reason: TRACING },
    { id: "Serverless-LambdaDLQ", reason: failures },
  ]);
}

/** Failures of asynchronous invocations go to an on-failure destination. */
const ON_FAILURE_DESTINATION =
  "asynchronous invocations that fail after 2 retries go to an on-failure destination (an SQS queue with an alarm), which carries the error and supersedes a function DLQ (Lambda developer guide, 'Capturing records of Lambda asynchronous invocations')";

/**
 * The trigger function and its SQS event source mapping: messages it fails are redriven by the
 * queue to its own dead-letter queue (maxReceiveCount), the DLQ of an SQS event source.
 */
function suppressSqsConsumer(fn: IConstruct, mapping: IConstruct): void {
  suppressFunction(
    fn,
    "invoked by an SQS event source mapping (synchronously): failed messages return to the queue and move to its redrive dead-letter queue",
  );
  NagSuppressions.addResourceSuppressions(mapping, [
    {
      id: "Serverless-LambdaEventSourceMappingDestination",
      reason:
        "an SQS event source keeps failed messages in the queue, whose redrive policy moves them to a dead-letter queue with an alarm; on-failure destinations of event source mappings apply to stream and Kafka sources",
    },
  ]);
}

/** A queue that is itself where failures end up (a DLQ or an on-failure destination). */
function suppressDeadLetterQueue(queue: IConstruct, what: string): void {
  const reason = `this queue is itself a dead-letter destination (${what}); anything in it raises a CloudWatch alarm to the alert topic, and a DLQ of a DLQ would only move the messages`;
  NagSuppressions.addResourceSuppressions(queue, [
    { id: "AwsSolutions-SQS3", reason },
    { id: "Serverless-SQSRedrivePolicy", reason },
  ]);
}

/**
 * The resource patterns stacks/iam-scope.ts gives the rules' actions (rule function roles in
 * account mode, the member role in organization mode), in cdk-nag's finding notation.
 */
const RULE_ACTION_WILDCARDS: readonly { pattern: string; reason: string }[] = [
  {
    pattern: "Resource::*",
    reason:
      "Describe*/List*/Get* reads and config:PutEvaluations that have no resource-level permissions (Service Authorization Reference: no resource type for the action; test/stacks/iam-scope.test.ts checks each action granted on * against the reference)",
  },
  {
    pattern: "Resource::arn:<AWS::Partition>:config:<AWS::Region>:<AWS::AccountId>:config-rule/*",
    reason:
      "the rule's own AWS Config rule: its ARN ends in a generated suffix (config-rule/config-rule-xxxxxx) unknown until it exists, so this account's and region's rules",
  },
  {
    pattern: "Resource::arn:<AWS::Partition>:kms:<AWS::Region>:*:key/*",
    reason:
      "kms:DescribeKey on the keys the evaluated resources name: keys of this region of any account (a key of another account is legitimate and gets a verdict, not an access error)",
  },
  {
    pattern: "Resource::arn:<AWS::Partition>:dms:<AWS::Region>:<AWS::AccountId>:*",
    reason:
      "dms:ListTagsForResource on the evaluated DMS resources (endpoints, replication instances, tasks, certificates...), of this account and region only",
  },
  {
    pattern: "Resource::arn:<AWS::Partition>:mgn:<AWS::Region>:<AWS::AccountId>:source-server/*",
    reason:
      "mgn:GetReplicationConfiguration on the evaluated source servers (SourceServerResource), of this account and region only",
  },
];

/** The role (or policy) that holds the rules' actions (stacks/iam-scope.ts `scopedStatements`). */
function suppressRuleActions(construct: IConstruct): void {
  NagSuppressions.addResourceSuppressions(
    construct,
    RULE_ACTION_WILDCARDS.map(({ pattern, reason }) => ({
      id: "AwsSolutions-IAM5",
      reason,
      appliesTo: [pattern],
    })),
    true,
  );
}

/** SST's own custom-resource function, created by every SST stack (sst/constructs Stack). */
function suppressSstInternals(stack: IConstruct): void {
  const handler = stack.node.tryFindChild("CustomResourceHandler");
  if (!handler) return;
  suppressFunction(
    handler,
    "SST's custom-resource handler, invoked synchronously by CloudFormation through custom resources (a DLQ never receives anything)",
  );
  NagSuppressions.addResourceSuppressions(
    handler,
    [
      {
        id: "AwsSolutions-IAM4",
        reason:
          "SST's custom-resource handler (sst/constructs Stack) has CDK's default role with AWSLambdaBasicExecutionRole (logs only); the construct is SST's",
        appliesTo: ["Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
      },
    ],
    true,
  );
}

/**
 * The remediation function (stacks/Remediation.ts): SSM Automation invokes it synchronously
 * (aws:invokeLambdaFunction, RequestResponse), so failures return to the automation execution and
 * AWS Config records the remediation as failed; its role's patterns are bounded to this account.
 */
function suppressRemediation(fn: IConstruct, role: IConstruct): void {
  suppressFunction(
    fn,
    "invoked synchronously by SSM Automation (aws:invokeLambdaFunction, InvocationType RequestResponse): a failure fails the automation step and AWS Config shows the remediation as failed; a DLQ never receives anything",
  );
  const users =
    "IAM users this remediation acts on (agent users named by a finding, chosen at run time): this account's users only; iam:PutUserPermissionsBoundary is further limited by the iam:PermissionsBoundary condition to this app's expiry policies";
  NagSuppressions.addResourceSuppressions(
    role,
    [
      ...RULE_ACTION_WILDCARDS.map(({ pattern, reason }) => ({
        id: "AwsSolutions-IAM5",
        reason: `the live re-read before acting, as the rule reads: ${reason}`,
        appliesTo: [pattern],
      })),
      {
        id: "AwsSolutions-IAM5",
        reason: users,
        appliesTo: ["Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:user/*"],
      },
      {
        id: "AwsSolutions-IAM5",
        reason:
          "the expiry boundary policies this app creates and reuses (named after their date, so unknown at deploy time), under this app's own path /migration-guard/ only",
        appliesTo: ["Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:policy/migration-guard/*"],
      },
      {
        id: "AwsSolutions-IAM5",
        reason:
          "MGN replication configuration templates this remediation updates (named by a finding at run time), of this account and region only",
        appliesTo: [
          "Resource::arn:<AWS::Partition>:mgn:<AWS::Region>:<AWS::AccountId>:replication-configuration-template/*",
        ],
      },
      {
        id: "AwsSolutions-IAM5",
        reason:
          "topic.grantPublish on the KMS-encrypted alert topic: kms:GenerateDataKey* (GenerateDataKey and its WithoutPlaintext form) on that one key only",
        appliesTo: ["Action::kms:GenerateDataKey*"],
      },
    ],
    true,
  );
}

export {
  ON_FAILURE_DESTINATION,
  suppressDeadLetterQueue,
  suppressFunction,
  suppressRemediation,
  suppressRuleActions,
  suppressSqsConsumer,
  suppressSstInternals,
};
