import { CreateTopicCommand, type SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { RULES } from "@migration-guard/core";
import { handleComplianceChange } from "@migration-guard/core/notify/handler.js";
import type { AnyRule } from "@migration-guard/core/rules/types.js";
import { beforeAll, describe, expect, it } from "vitest";
import changeEvent from "../fixtures/config/ComplianceChange/default.json" with { type: "json" };
import { motoAccountHeader, motoClients } from "../support/moto.js";

/** Alerts published to a real SNS topic (moto), read back through an SQS subscription. */

const ACCOUNT = "510000000006";
const tls = RULES.find((r) => r.name === "dms-endpoint-tls") as AnyRule;
const rules = [{ rule: tls, configRuleName: "dms-endpoint-tls" }];
let sns: SNSClient;
let sqs: SQSClient;
let topicArn: string;
let queueUrl: string;

async function receive(): Promise<{ Subject?: string; Message?: string }[]> {
  const out = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
  );
  return (out.Messages ?? []).map((m) => JSON.parse(m.Body ?? "{}"));
}

beforeAll(async () => {
  sns = (await motoClients(ACCOUNT).use("sns")).client;
  sqs = new SQSClient({ region: "us-east-1" });
  motoAccountHeader(ACCOUNT)(sqs as never);
  topicArn = (await sns.send(new CreateTopicCommand({ Name: "alerts" }))).TopicArn ?? "";
  queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: "alerts-inbox" }))).QueueUrl ?? "";
  const queueArn =
    (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["QueueArn"] })))
      .Attributes?.QueueArn ?? "";
  await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: "sqs", Endpoint: queueArn }));
});

describe("handleComplianceChange", () => {
  it("publishes the NON_COMPLIANT alert and then the recovery to the topic", async () => {
    const broken = structuredClone(changeEvent);
    const first = await handleComplianceChange(broken, { sns, topicArn, rules });
    expect(first).toMatchObject({ published: true, kind: "non-compliant", messageId: expect.any(String) });

    const fixed = structuredClone(changeEvent);
    fixed.detail.newEvaluationResult.complianceType = "COMPLIANT";
    fixed.detail.oldEvaluationResult.complianceType = "NON_COMPLIANT";
    const second = await handleComplianceChange(fixed, { sns, topicArn, rules });
    expect(second).toMatchObject({ published: true, kind: "recovered" });

    const messages = await receive();
    expect(messages.map((m) => m.Subject)).toEqual([
      "[migration-guard] NON_COMPLIANT (high): dms-endpoint-tls - ABCDEFGHIJKLMNOPQRSTUVWXYZ",
      "[migration-guard] Recovered: dms-endpoint-tls - ABCDEFGHIJKLMNOPQRSTUVWXYZ is COMPLIANT",
    ]);
    expect(messages[0]?.Message).toContain("Compliance:  COMPLIANT -> NON_COMPLIANT");
    expect(messages[1]?.Message).toContain("Compliance:  NON_COMPLIANT -> COMPLIANT");
  });

  it("publishes nothing for a change that is not an alert", async () => {
    const same = structuredClone(changeEvent);
    same.detail.oldEvaluationResult.complianceType = "NON_COMPLIANT";
    const infos: string[] = [];
    const result = await handleComplianceChange(same, {
      sns,
      topicArn,
      rules,
      log: { info: (m) => infos.push(m), error: () => {} },
    });
    expect(result).toEqual({ published: false });
    expect(infos).toEqual(["Compliance change is not an alert"]);
    expect(await receive()).toEqual([]);
  });

  it("fails with the denied or failing action named when Publish fails", async () => {
    const missing = topicArn.replace(/alerts$/, "no-such-topic");
    await expect(
      handleComplianceChange(structuredClone(changeEvent), { sns, topicArn: missing, rules }),
    ).rejects.toThrow(/sns:Publish failed: NotFound/);
  });
});
