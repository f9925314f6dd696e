import { ConfigServiceClient, StartConfigRulesEvaluationCommand } from "@aws-sdk/client-config-service";
import { RULES } from "@migration-guard/core";
import type { DeployedRule } from "@migration-guard/core/deploy/deployed-rules.js";
import { formatDeployedRules, parseDeployedRules } from "@migration-guard/core/deploy/deployed-rules.js";
import type { AnyRule } from "@migration-guard/core/rules/types.js";
import { handleTriggerBatch, MAX_RULES_PER_CALL } from "@migration-guard/core/trigger/handler.js";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";

/**
 * The trigger handler against aws-sdk-client-mock (moto has no StartConfigRulesEvaluation), with
 * errors shaped as the Config API returns them.
 */

const tls = RULES.find((r) => r.name === "dms-endpoint-tls") as AnyRule;
const config = mockClient(ConfigServiceClient);
const client = new ConfigServiceClient({
  region: "us-east-1",
  credentials: { accessKeyId: "x", secretAccessKey: "y" },
});

function apiCall(eventName: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    version: "0",
    id: "6f0a3a4e-0000-0000-0000-000000000000",
    "detail-type": "AWS API Call via CloudTrail",
    source: "aws.dms",
    account: "111122223333",
    time: "2026-11-20T09:00:00Z",
    region: "us-east-1",
    resources: [],
    detail: {
      eventVersion: "1.09",
      eventSource: "dms.amazonaws.com",
      eventName,
      awsRegion: "us-east-1",
      requestParameters: { endpointArn: "arn:aws:dms:us-east-1:111122223333:endpoint:ABC" },
      ...extra,
    },
  });
}

function batch(...bodies: string[]) {
  return { Records: bodies.map((body, i) => ({ messageId: `m${i}`, receiptHandle: `r${i}`, body })) };
}

function limitExceeded(): Error {
  const error = new Error("The number of requests exceeds the limit. Try again after one minute.");
  error.name = "LimitExceededException";
  return error;
}

beforeEach(() => {
  config.reset();
});

describe("handleTriggerBatch", () => {
  const deployed: DeployedRule[] = [{ rule: tls, configRuleName: "prod-dms-endpoint-tls" }];

  it("calls StartConfigRulesEvaluation once for the distinct rules of a batch", async () => {
    config.on(StartConfigRulesEvaluationCommand).resolves({});
    const result = await handleTriggerBatch(
      batch(apiCall("ModifyEndpoint"), apiCall("CreateEndpoint"), apiCall("ImportCertificate")),
      {
        config: client,
        rules: deployed,
      },
    );
    expect(result).toEqual({ batchItemFailures: [] });
    const calls = config.commandCalls(StartConfigRulesEvaluationCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({ ConfigRuleNames: ["prod-dms-endpoint-tls"] });
  });

  it("makes no call when no rule is affected or the API call failed", async () => {
    const result = await handleTriggerBatch(
      batch(apiCall("DescribeEndpoints"), apiCall("ModifyEndpoint", { errorCode: "AccessDenied" })),
      { config: client, rules: deployed },
    );
    expect(result.batchItemFailures).toEqual([]);
    expect(config.commandCalls(StartConfigRulesEvaluationCommand)).toHaveLength(0);
  });

  it("reports the messages for retry when Config refuses with LimitExceededException", async () => {
    config.on(StartConfigRulesEvaluationCommand).rejects(limitExceeded());
    const infos: string[] = [];
    const result = await handleTriggerBatch(
      batch(apiCall("ModifyEndpoint"), apiCall("DescribeEndpoints"), apiCall("ImportCertificate")),
      {
        config: client,
        rules: deployed,
        log: { info: (m) => infos.push(m), error: (m) => infos.push(m) },
      },
    );
    // m1 affected no rule: it is done; m0 and m2 are retried through the queue.
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: "m0" }, { itemIdentifier: "m2" }]);
    expect(infos.join("\n")).toContain("will be retried");
  });

  it("splits more than 25 rules into calls of at most 25 and retries only the messages of a failed call", async () => {
    const many: DeployedRule[] = Array.from({ length: 30 }, (_, i) => ({
      rule: tls,
      configRuleName: `rule-${String(i).padStart(2, "0")}`,
    }));
    config.on(StartConfigRulesEvaluationCommand).resolvesOnce({}).rejectsOnce(limitExceeded());
    const result = await handleTriggerBatch(batch(apiCall("ModifyEndpoint")), {
      config: client,
      rules: many,
    });
    const calls = config
      .commandCalls(StartConfigRulesEvaluationCommand)
      .map((c) => c.args[0].input.ConfigRuleNames ?? []);
    expect(calls.map((c) => c.length)).toEqual([MAX_RULES_PER_CALL, 5]);
    expect(new Set(calls.flat()).size).toBe(30);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: "m0" }]);
  });

  it("reports messages that are not CloudTrail API call events as failures, and handles the rest", async () => {
    config.on(StartConfigRulesEvaluationCommand).resolves({});
    const errors: string[] = [];
    const result = await handleTriggerBatch(
      batch(
        "not json",
        JSON.stringify({ "detail-type": "Scheduled Event", detail: {} }),
        apiCall("ModifyEndpoint"),
      ),
      {
        config: client,
        rules: deployed,
        log: { info: () => {}, error: (m, e) => errors.push(`${m} ${JSON.stringify(e)}`) },
      },
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: "m0" }, { itemIdentifier: "m1" }]);
    expect(errors.join("\n")).toMatch(/not JSON/);
    expect(config.commandCalls(StartConfigRulesEvaluationCommand)).toHaveLength(1);
  });

  it("logs an unreadable message's reason in one short line, never its 100 KB detail-type", async () => {
    config.on(StartConfigRulesEvaluationCommand).resolves({});
    const errors: string[] = [];
    const huge = `\u001b[2K${"x".repeat(100 * 1024)}`;
    const result = await handleTriggerBatch(
      batch(JSON.stringify({ ...JSON.parse(apiCall("ModifyEndpoint")), "detail-type": huge }), apiCall("x")),
      {
        config: client,
        rules: deployed,
        log: { info: () => {}, error: (m, e) => errors.push(`${m} ${JSON.stringify(e)}`) },
      },
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: "m0" }]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/not a CloudTrail API call event: body\.detail-type: not an accepted value/);
    expect(errors[0]?.length).toBeLessThan(300);
    expect(errors[0]).not.toContain("xxxxxxxxxx");
  });

  it("reports an API call event without the EventBridge envelope's account as a failure", async () => {
    const errors: string[] = [];
    const result = await handleTriggerBatch(
      batch(JSON.stringify({ ...JSON.parse(apiCall("ModifyEndpoint")), account: 111122223333 })),
      {
        config: client,
        rules: deployed,
        log: { info: () => {}, error: (m, e) => errors.push(`${m} ${JSON.stringify(e)}`) },
      },
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: "m0" }]);
    expect(errors.join("\n")).toMatch(/body\.account: expected a string, got number/);
    expect(config.commandCalls(StartConfigRulesEvaluationCommand)).toHaveLength(0);
  });

  it("retries on other Config errors too, logging them as errors", async () => {
    const error = new Error("The ConfigRule 'prod-dms-endpoint-tls' provided in the request is invalid.");
    error.name = "NoSuchConfigRuleException";
    config.on(StartConfigRulesEvaluationCommand).rejects(error);
    const errors: string[] = [];
    const result = await handleTriggerBatch(batch(apiCall("ModifyEndpoint")), {
      config: client,
      rules: deployed,
      log: { info: () => {}, error: (m) => errors.push(m) },
    });
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: "m0" }]);
    expect(errors[0]).toMatch(/StartConfigRulesEvaluation failed: .*invalid/);
  });

  it("throws when the event is not an SQS batch", async () => {
    await expect(handleTriggerBatch({ detail: {} }, { config: client, rules: deployed })).rejects.toThrow(
      /Records/,
    );
  });
});

describe("deployed rules", () => {
  it("round-trips the CONFIG_RULES environment variable", () => {
    const text = formatDeployedRules([{ rule: tls, configRuleName: "dev-dms-endpoint-tls" }]);
    expect(parseDeployedRules(text)).toEqual([{ rule: tls, configRuleName: "dev-dms-endpoint-tls" }]);
  });

  it.each([
    [undefined, /CONFIG_RULES is not set/],
    ["{", /not valid JSON/],
    ["[]", /expected a JSON object/],
    ['{"no-such-rule":"x"}', /"no-such-rule" is not a migration-guard rule/],
    ['{"dms-endpoint-tls":""}', /CONFIG_RULES.dms-endpoint-tls: expected a Config rule name/],
  ])("rejects %j with a clear error", (text, message) => {
    expect(() => parseDeployedRules(text)).toThrow(message);
  });
});
