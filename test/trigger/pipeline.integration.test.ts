import { ConfigServiceClient, StartConfigRulesEvaluationCommand } from "@aws-sdk/client-config-service";
import {
  EventBridgeClient,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
} from "@aws-sdk/client-eventbridge";
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { RULES } from "@migration-guard/core";
import { apiCallPatterns } from "@migration-guard/core/trigger/changes.js";
import { handleTriggerBatch } from "@migration-guard/core/trigger/handler.js";
import { mockClient } from "aws-sdk-client-mock";
import { beforeAll, describe, expect, it } from "vitest";
import { motoAccountHeader, useMotoEnvironment } from "../support/moto.js";

/**
 * The re-evaluation path end to end on moto: the EventBridge patterns the stacks deploy match
 * CloudTrail API call events and deliver them to SQS; the trigger handler reads the SQS
 * messages as Lambda would receive them and starts the affected rules (StartConfigRulesEvaluation
 * through aws-sdk-client-mock: moto does not implement it).
 */

const ACCOUNT = "510000000005";
let sqs: SQSClient;
let queueUrl: string;

function cloudTrailEvent(eventName: string, errorCode?: string) {
  return {
    Source: "aws.dms",
    DetailType: "AWS API Call via CloudTrail",
    Detail: JSON.stringify({
      eventVersion: "1.09",
      eventSource: "dms.amazonaws.com",
      eventName,
      awsRegion: "us-east-1",
      requestParameters: { endpointIdentifier: "legacy-mysql-source" },
      ...(errorCode ? { errorCode } : {}),
    }),
  };
}

beforeAll(async () => {
  useMotoEnvironment(ACCOUNT);
  sqs = new SQSClient({ region: "us-east-1" });
  const events = new EventBridgeClient({ region: "us-east-1" });
  motoAccountHeader(ACCOUNT)(sqs as never);
  motoAccountHeader(ACCOUNT)(events as never);
  queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: "re-evaluate" }))).QueueUrl ?? "";
  const queueArn =
    (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["QueueArn"] })))
      .Attributes?.QueueArn ?? "";
  for (const [i, pattern] of apiCallPatterns(RULES).entries()) {
    const eventPattern = { ...pattern, detail: { ...pattern.detail, errorCode: [{ exists: false }] } };
    await events.send(
      new PutRuleCommand({ Name: `api-calls-${i}`, EventPattern: JSON.stringify(eventPattern) }),
    );
    await events.send(
      new PutTargetsCommand({ Rule: `api-calls-${i}`, Targets: [{ Id: "queue", Arn: queueArn }] }),
    );
  }
  await events.send(
    new PutEventsCommand({
      Entries: [
        cloudTrailEvent("ModifyEndpoint"),
        cloudTrailEvent("ImportCertificate"),
        cloudTrailEvent("DescribeEndpoints"),
        cloudTrailEvent("ModifyEndpoint", "AccessDenied"),
      ],
    }),
  );
});

describe("EventBridge → SQS → trigger", () => {
  it("delivers the changing calls and starts the affected rules once per batch", async () => {
    const received = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    const messages = received.Messages ?? [];
    const names = messages.map((m) => JSON.parse(m.Body ?? "{}").detail.eventName).sort();
    expect(names).toEqual(["ImportCertificate", "ModifyEndpoint"]);

    const config = mockClient(ConfigServiceClient);
    config.on(StartConfigRulesEvaluationCommand).resolves({});
    const result = await handleTriggerBatch(
      {
        Records: messages.map((m) => ({
          messageId: m.MessageId,
          receiptHandle: m.ReceiptHandle,
          body: m.Body,
        })),
      },
      {
        config: new ConfigServiceClient({ region: "us-east-1" }),
        rules: RULES.map((rule) => ({ rule, configRuleName: rule.name })),
      },
    );
    expect(result.batchItemFailures).toEqual([]);
    const calls = config.commandCalls(StartConfigRulesEvaluationCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input.ConfigRuleNames).toContain("dms-endpoint-tls");
    config.restore();
  });
});
