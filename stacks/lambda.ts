import type { ApiCallPattern } from "@migration-guard/core/trigger/changes.js";
import { Aws, Duration, RemovalPolicy } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as actions from "aws-cdk-lib/aws-cloudwatch-actions";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as iam from "aws-cdk-lib/aws-iam";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import * as logs from "aws-cdk-lib/aws-logs";
import type * as sns from "aws-cdk-lib/aws-sns";
import * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { type FunctionProps, Function as SstFunction } from "sst/constructs";
import { pascal } from "./context.js";
import {
  ON_FAILURE_DESTINATION,
  suppressDeadLetterQueue,
  suppressFunction,
  suppressSqsConsumer,
} from "./nag.js";
import { functionSdkServices, nodejsBundling } from "./sdk-bundling.js";

/**
 * One way to define every function of the app: bundled by SST with esbuild for Node.js 22 on
 * arm64, its own log group with a retention, and its own role that may write to that log group
 * and do nothing else until the caller grants exactly what the function calls (no managed
 * policy, no `*` action). Errors raise a CloudWatch alarm on the alert topic.
 */

interface AppFunctionProps {
  /** `functions/<file>.handler` */
  handler: string;
  description: string;
  environment: Record<string, string>;
  timeout: number;
  memorySize?: number;
  logRetentionDays: number;
  alarmTopic: sns.ITopic;
  onFailure?: FunctionProps["onFailure"];
  retryAttempts?: number;
}

interface AppFunction {
  fn: SstFunction;
  role: iam.Role;
  logGroup: logs.LogGroup;
  errorsAlarm: cloudwatch.Alarm;
}

function appFunction(scope: Construct, id: string, props: AppFunctionProps): AppFunction {
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
    retention: props.logRetentionDays as logs.RetentionDays,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const role = new iam.Role(scope, `${id}Role`, {
    assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
    description: `migration-guard ${props.description}`.slice(0, 1000),
  });
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: "WriteOwnLogs",
      actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
      resources: [logGroup.logGroupArn],
    }),
  );
  const fn = new SstFunction(scope, id, {
    handler: props.handler,
    description: props.description.slice(0, 256),
    runtime: "nodejs22.x",
    architecture: "arm_64",
    memorySize: props.memorySize ?? 512,
    timeout: props.timeout,
    tracing: "disabled",
    role,
    logGroup,
    environment: { POWERTOOLS_SERVICE_NAME: "migration-guard", ...props.environment },
    // The SDK clients the function calls are bundled, one lazily loaded chunk each (stacks/sdk-bundling.ts).
    nodejs: nodejsBundling(functionSdkServices(props.handler, props.environment)),
    ...(props.onFailure ? { onFailure: props.onFailure } : {}),
    ...(props.retryAttempts !== undefined ? { retryAttempts: props.retryAttempts } : {}),
  });
  if (props.onFailure) suppressFunction(fn, ON_FAILURE_DESTINATION);
  const errorsAlarm = new cloudwatch.Alarm(scope, `${id}Errors`, {
    alarmDescription: `migration-guard: ${props.description} failed (see log group ${logGroup.logGroupName})`,
    metric: fn.metricErrors({ period: Duration.minutes(5), statistic: "Sum" }),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  errorsAlarm.addAlarmAction(new actions.SnsAction(props.alarmTopic));
  return { fn, role, logGroup, errorsAlarm };
}

/** An alarm when messages wait in a dead-letter queue. */
function deadLetterAlarm(
  scope: Construct,
  id: string,
  queue: { metricApproximateNumberOfMessagesVisible(props?: cloudwatch.MetricOptions): cloudwatch.Metric },
  description: string,
  topic: sns.ITopic,
): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, id, {
    alarmDescription: `migration-guard: ${description}`,
    metric: queue.metricApproximateNumberOfMessagesVisible({
      period: Duration.minutes(5),
      statistic: "Maximum",
    }),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(new actions.SnsAction(topic));
  return alarm;
}

/** ARN helpers built from pseudo parameters, so templates do not carry the synthesizing account. */
function arnIn(service: string, resource: string, region = true): string {
  return `arn:${Aws.PARTITION}:${service}:${region ? Aws.REGION : ""}:${Aws.ACCOUNT_ID}:${resource}`;
}

/**
 * The queue that receives rule evaluations that failed after Lambda's retries (AWS Config invokes
 * rule functions asynchronously), with an alarm to the alert topic when anything waits in it.
 */
function ruleFailureQueue(scope: Construct, topic: sns.ITopic): sqs.Queue {
  const queue = new sqs.Queue(scope, "RuleFailures", {
    retentionPeriod: Duration.days(14),
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
  });
  suppressDeadLetterQueue(queue, "on-failure destination of the rule functions");
  deadLetterAlarm(scope, "RuleFailuresWaiting", queue, "rule evaluations failed (RuleFailures queue)", topic);
  return queue;
}

interface ReEvaluationProps {
  /** One EventBridge pattern per service (trigger/changes.ts `apiCallPatterns`). */
  patterns: readonly ApiCallPattern[];
  environment: Record<string, string>;
  logRetentionDays: number;
  topic: sns.ITopic;
  /** An EventBridge `account` filter added to every pattern (organization mode). */
  account?: string[];
}

interface ReEvaluation {
  queue: sqs.Queue;
  deadLetters: sqs.Queue;
  /** Events EventBridge could not deliver to `queue` (the rules' target dead-letter queue). */
  undelivered: sqs.Queue;
  trigger: AppFunction;
  rules: events.Rule[];
}

/**
 * Event-driven re-evaluation, the same in both modes: per service an EventBridge rule on the
 * default bus (the CloudTrail API calls that succeeded and change what the rules evaluate) → an
 * encrypted SQS queue with a dead-letter queue (and one for what EventBridge cannot deliver) →
 * the trigger function (functions/trigger.ts), which reports partial batch failures. The caller grants the trigger what it calls.
 */
function reEvaluation(scope: Construct, props: ReEvaluationProps): ReEvaluation {
  const deadLetters = new sqs.Queue(scope, "ReEvaluateDeadLetters", {
    retentionPeriod: Duration.days(14),
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
  });
  const queue = new sqs.Queue(scope, "ReEvaluate", {
    // At least 6 × the function timeout (AWS guidance for SQS event sources); also the retry delay.
    visibilityTimeout: Duration.seconds(180),
    retentionPeriod: Duration.days(1),
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    // Config refuses a re-evaluation while one runs or more than once a minute: retry for ~30 min.
    deadLetterQueue: { queue: deadLetters, maxReceiveCount: 10 },
  });
  suppressDeadLetterQueue(deadLetters, "redrive dead-letter queue of the ReEvaluate queue");
  const trigger = appFunction(scope, "Trigger", {
    handler: "functions/trigger.handler",
    description: "re-evaluation after API calls",
    environment: props.environment,
    timeout: 30,
    memorySize: 256,
    logRetentionDays: props.logRetentionDays,
    alarmTopic: props.topic,
  });
  trigger.fn.addEventSource(
    new SqsEventSource(queue, {
      batchSize: 100,
      maxBatchingWindow: Duration.seconds(60),
      reportBatchItemFailures: true,
    }),
  );
  const mapping = trigger.fn.node.children.find((c) => c.node.id.startsWith("SqsEventSource"));
  if (mapping) suppressSqsConsumer(trigger.fn, mapping);
  // EventBridge's own dead-letter queue for the targets: CDK gives it a policy letting
  // events.amazonaws.com send, per rule, conditioned on aws:SourceArn (the rule's ARN).
  const undelivered = new sqs.Queue(scope, "ReEvaluateUndelivered", {
    retentionPeriod: Duration.days(14),
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
  });
  suppressDeadLetterQueue(undelivered, "dead-letter queue of the EventBridge rules' SQS targets");
  const rules = props.patterns.map((pattern, i) => {
    const service = pattern.source[0]?.replace(/^aws\./, "") ?? String(i);
    return new events.Rule(scope, `ApiCalls${pascal(service)}`, {
      description: `migration-guard: ${service} API calls that change what the rules evaluate`,
      eventPattern: {
        source: pattern.source,
        detailType: pattern["detail-type"],
        detail: { ...pattern.detail, errorCode: [{ exists: false }] },
        ...(props.account ? { account: props.account } : {}),
      },
      targets: [new targets.SqsQueue(queue, { deadLetterQueue: undelivered })],
    });
  });
  deadLetterAlarm(
    scope,
    "ReEvaluateDeadLettersWaiting",
    deadLetters,
    "re-evaluations given up (ReEvaluateDeadLetters queue)",
    props.topic,
  );
  deadLetterAlarm(
    scope,
    "ReEvaluateUndeliveredWaiting",
    undelivered,
    "API-call events EventBridge could not deliver (ReEvaluateUndelivered queue)",
    props.topic,
  );
  return { queue, deadLetters, undelivered, trigger, rules };
}

export type { AppFunction, AppFunctionProps, ReEvaluation, ReEvaluationProps };
export { appFunction, arnIn, deadLetterAlarm, reEvaluation, ruleFailureQueue };
