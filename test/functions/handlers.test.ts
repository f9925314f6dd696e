import { ConfigServiceClient, StartConfigRulesEvaluationCommand } from "@aws-sdk/client-config-service";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import changeEvent from "../fixtures/config/ComplianceChange/default.json" with { type: "json" };

/** The thin Lambda handlers wire environment, clients and core together. */

const config = mockClient(ConfigServiceClient);
const sns = mockClient(SNSClient);

beforeAll(() => {
  process.env.CONFIG_RULES = JSON.stringify({ "dms-endpoint-tls": "prod-dms-endpoint-tls" });
  process.env.TOPIC_ARN = "arn:aws:sns:eu-west-1:111122223333:alerts";
  process.env.AWS_REGION = "eu-west-1";
});

afterAll(() => {
  config.restore();
  sns.restore();
});

describe("functions/trigger.ts", () => {
  it("returns the partial batch response for the SQS event", async () => {
    config.on(StartConfigRulesEvaluationCommand).resolves({});
    const { handler } = await import("../../functions/trigger.js");
    // The EventBridge envelope as EventBridge delivers it (every field the Powertools schema requires).
    const body = JSON.stringify({
      version: "0",
      id: "6f0a3a4e-0000-0000-0000-000000000001",
      "detail-type": "AWS API Call via CloudTrail",
      source: "aws.dms",
      account: "111122223333",
      time: "2026-11-20T09:00:00Z",
      region: "eu-west-1",
      resources: [],
      detail: {
        eventVersion: "1.09",
        eventSource: "dms.amazonaws.com",
        eventName: "ModifyEndpoint",
        awsRegion: "eu-west-1",
      },
    });
    const result = await handler({
      Records: [
        { messageId: "a", body },
        { messageId: "b", body: "{" },
      ],
    });
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: "b" }] });
    expect(config.commandCalls(StartConfigRulesEvaluationCommand)[0]?.args[0].input).toEqual({
      ConfigRuleNames: ["prod-dms-endpoint-tls"],
    });
  });
});

describe("functions/notify.ts", () => {
  it("publishes the alert for the deployed Config rule name to TOPIC_ARN", async () => {
    sns.on(PublishCommand).resolves({ MessageId: "m-1" });
    const { handler } = await import("../../functions/notify.js");
    const event = structuredClone(changeEvent);
    event.detail.configRuleName = "prod-dms-endpoint-tls";
    const result = await handler(event);
    expect(result).toEqual({ published: true, kind: "non-compliant", messageId: "m-1" });
    const input = sns.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(input?.TopicArn).toBe("arn:aws:sns:eu-west-1:111122223333:alerts");
    expect(input?.Subject).toContain("prod-dms-endpoint-tls");
  });
});
