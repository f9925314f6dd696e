import { formatDeployedRules, memberRuleNamePrefix } from "@migration-guard/core";
import { Aws, Duration, RemovalPolicy } from "aws-cdk-lib";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import { SqsDestination } from "aws-cdk-lib/aws-lambda-destinations";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { NagSuppressions } from "cdk-nag";
import type { StackContext } from "sst/constructs";
import { deployedRules, useStageConfig } from "./context.js";
import { appFunction, arnIn, deadLetterAlarm } from "./lambda.js";
import { suppressDeadLetterQueue, suppressSstInternals } from "./nag.js";

/**
 * Alerts: a KMS-encrypted SNS topic (customer managed key with rotation; publishing without TLS
 * denied), the stage's e-mail subscriptions, and the notify function that turns this app's
 * `Config Rules Compliance Change` events into readable messages. Function errors and failed
 * deliveries raise CloudWatch alarms on the same topic.
 */
export function Alerts({ stack, app }: StackContext) {
  const config = useStageConfig(app);
  const rules = deployedRules(app);
  suppressSstInternals(stack);

  const key = new kms.Key(stack, "AlertsKey", {
    description: "migration-guard alert topic encryption",
    enableKeyRotation: true,
    // Deleting the stack schedules the key's deletion after the waiting period.
    pendingWindow: Duration.days(30),
    removalPolicy: RemovalPolicy.DESTROY,
  });
  // CloudWatch alarms publish to the encrypted topic and need to use the key.
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: "CloudWatchAlarmsPublish",
      principals: [new iam.ServicePrincipal("cloudwatch.amazonaws.com")],
      actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
      resources: ["*"],
      conditions: { StringEquals: { "aws:SourceAccount": Aws.ACCOUNT_ID } },
    }),
  );

  const topic = new sns.Topic(stack, "AlertsTopic", {
    displayName: "migration-guard alerts",
    masterKey: key,
    enforceSSL: true,
  });
  topic.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: "CloudWatchAlarmsPublish",
      principals: [new iam.ServicePrincipal("cloudwatch.amazonaws.com")],
      actions: ["sns:Publish"],
      resources: [topic.topicArn],
      conditions: {
        ArnLike: { "aws:SourceArn": arnIn("cloudwatch", "alarm:*") },
        StringEquals: { "aws:SourceAccount": Aws.ACCOUNT_ID },
      },
    }),
  );
  // Events that could not be delivered to, or handled by, the notify function, and alert e-mails
  // SNS could not deliver.
  const failed = new sqs.Queue(stack, "NotifyFailures", {
    retentionPeriod: Duration.days(14),
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
  });
  suppressDeadLetterQueue(
    failed,
    "dead-letter queue of the notify target and e-mail subscriptions, on-failure destination of the notify function",
  );
  for (const email of config.alertEmails) {
    topic.addSubscription(new subscriptions.EmailSubscription(email, { deadLetterQueue: failed }));
  }

  const notify = appFunction(stack, "Notify", {
    handler: "functions/notify.handler",
    description: "compliance change alerts",
    environment: {
      TOPIC_ARN: topic.topicArn,
      CONFIG_RULES: formatDeployedRules(rules),
      // Organization mode: name member accounts in alerts.
      ...(config.organization ? { ACCOUNT_NAMES: "organizations" } : {}),
    },
    timeout: 30,
    memorySize: 256,
    logRetentionDays: config.logRetentionDays,
    alarmTopic: topic,
    onFailure: new SqsDestination(failed),
    retryAttempts: 2,
  });
  topic.grantPublish(notify.role);
  NagSuppressions.addResourceSuppressions(
    notify.role,
    [
      {
        id: "AwsSolutions-IAM5",
        reason:
          "topic.grantPublish on the KMS-encrypted topic: kms:GenerateDataKey* (GenerateDataKey and its WithoutPlaintext form) on this one key only (the statement's resource is the key's ARN)",
        appliesTo: ["Action::kms:GenerateDataKey*"],
      },
    ],
    true,
  );
  if (config.organization) {
    notify.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "AccountNames",
        actions: ["organizations:DescribeAccount"],
        resources: [`arn:${Aws.PARTITION}:organizations::*:account/${config.organization.organizationId}/*`],
      }),
    );
    NagSuppressions.addResourceSuppressions(
      notify.role,
      [
        {
          id: "AwsSolutions-IAM5",
          reason:
            "organizations:DescribeAccount on the accounts of this organization only (account/<organization id>/*); the ARN's account field is the management account, which the stage settings do not name",
          appliesTo: [
            `Resource::arn:<AWS::Partition>:organizations::*:account/${config.organization.organizationId}/*`,
          ],
        },
      ],
      true,
    );
  }

  if (rules.length > 0) {
    new events.Rule(stack, "ComplianceChange", {
      description: "migration-guard: compliance changes of this app's Config rules",
      eventPattern: {
        source: ["aws.config"],
        detailType: ["Config Rules Compliance Change"],
        detail: {
          messageType: ["ComplianceChangeNotification"],
          // Organization mode: the rules' instances in each account (`OrgConfigRule-<name>-<suffix>`),
          // forwarded by the members to this bus or raised here.
          configRuleName: config.organization
            ? rules.map((r) => ({ prefix: memberRuleNamePrefix(r.configRuleName) }))
            : rules.map((r) => r.configRuleName),
        },
      },
      targets: [
        new targets.LambdaFunction(notify.fn, {
          deadLetterQueue: failed,
          retryAttempts: 8,
          maxEventAge: Duration.hours(6),
        }),
      ],
    });
  }
  deadLetterAlarm(
    stack,
    "NotifyFailuresWaiting",
    failed,
    "compliance alerts could not be sent (NotifyFailures queue)",
    topic,
  );

  stack.addOutputs({ AlertTopicArn: topic.topicArn });
  return { topic, key };
}
