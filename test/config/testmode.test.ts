import { ConfigServiceClient, PutEvaluationsCommand } from "@aws-sdk/client-config-service";
import type { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AwsClients } from "../../packages/core/src/aws/clients.js";
import { MemberAccess } from "../../packages/core/src/aws/member-access.js";
import { putEvaluations, runningInLambda } from "../../packages/core/src/config/config-api.js";
import { handleConfigRuleEvent } from "../../packages/core/src/config/handler.js";
import { rule } from "../../packages/core/src/rules/dms-endpoint-tls/index.js";
import { fixture } from "../support/fixtures.js";
import { mockDmsAccount, recordingLog } from "../support/mock-dms-account.js";

// A deployed function refuses AWS Config's TESTMODE result token (it would hand compliance results
// to anyone allowed to invoke it); local runs keep it. "In Lambda" = the runtime's reserved
// variables AWS_LAMBDA_FUNCTION_NAME / AWS_EXECUTION_ENV (Lambda developer guide, "Defined runtime
// environment variables").

const { config, dms, reset } = mockDmsAccount();
const { logs, log, clear } = recordingLog();
const NOW = new Date("2026-11-20T09:00:00Z");
const REFUSED = /dms-endpoint-tls: invalid AWS Config event: resultToken TESTMODE is refused in AWS Lambda/;

function testModeEvent(resultToken = "TESTMODE") {
  return {
    ...fixture<Record<string, unknown>>("config/ConfigurationItemChangeNotification/dms-endpoint.json"),
    resultToken,
  };
}

function run(event: unknown) {
  return handleConfigRuleEvent(rule, event, {
    clients: new AwsClients({ region: "us-east-1" }),
    log,
    now: () => NOW,
    sleep: async () => {},
  });
}

function clearLambdaEnv() {
  vi.stubEnv("AWS_LAMBDA_FUNCTION_NAME", "");
  vi.stubEnv("AWS_EXECUTION_ENV", "");
}

beforeEach(() => {
  reset();
  clear();
  clearLambdaEnv();
});
afterEach(() => {
  vi.unstubAllEnvs();
  config.reset();
  dms.reset();
});

describe("TESTMODE under the Lambda runtime", () => {
  it("refuses with a clear customer error, reads nothing and puts nothing when AWS_LAMBDA_FUNCTION_NAME is set", async () => {
    vi.stubEnv("AWS_LAMBDA_FUNCTION_NAME", "prod-migration-guard-dms-endpoint-tls");
    await expect(run(testModeEvent())).rejects.toThrow(REFUSED);
    expect(config.commandCalls(PutEvaluationsCommand)).toHaveLength(0);
    expect(dms.calls()).toHaveLength(0);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({
      level: "error",
      extra: { errorKind: "customer", errorName: "InvalidEventError" },
    });
  });

  it("refuses when only AWS_EXECUTION_ENV names a Lambda runtime", async () => {
    vi.stubEnv("AWS_EXECUTION_ENV", "AWS_Lambda_nodejs22.x");
    await expect(run(testModeEvent())).rejects.toThrow(REFUSED);
    expect(config.commandCalls(PutEvaluationsCommand)).toHaveLength(0);
  });

  it("refuses in organization mode before assuming the member role", async () => {
    vi.stubEnv("AWS_LAMBDA_FUNCTION_NAME", "prod-migration-guard-dms-endpoint-tls");
    const assumed: string[] = [];
    const members = new MemberAccess({
      roleName: "mg",
      region: "us-east-1",
      sts: {
        async send(command: AssumeRoleCommand) {
          assumed.push(command.input.RoleArn ?? "");
          throw new Error("AssumeRole must not be called");
        },
      },
    });
    const event = { ...testModeEvent(), accountId: "111111111111" };
    await expect(
      handleConfigRuleEvent(rule, event, { clients: new AwsClients({ region: "us-east-1" }), members }),
    ).rejects.toThrow(REFUSED);
    expect(assumed).toEqual([]);
    expect(config.commandCalls(PutEvaluationsCommand)).toHaveLength(0);
  });

  it("still reports a real result token under the Lambda runtime", async () => {
    vi.stubEnv("AWS_LAMBDA_FUNCTION_NAME", "prod-migration-guard-dms-endpoint-tls");
    const result = await run(testModeEvent("eyJlbmNyeXB0ZWREYXRhIjpbXX0="));
    expect(result.putEvaluationsCalls).toBe(1);
    expect(config.commandCalls(PutEvaluationsCommand)[0]?.args[0].input).toMatchObject({ TestMode: false });
  });

  it("putEvaluations itself refuses TESTMODE under the Lambda runtime", async () => {
    vi.stubEnv("AWS_EXECUTION_ENV", "AWS_Lambda_nodejs22.x");
    const client = new ConfigServiceClient({ region: "us-east-1" });
    const evaluation = {
      rule: "dms-endpoint-tls",
      resourceName: undefined,
      resourceType: "AWS::DMS::Endpoint",
      resourceId: "arn:aws:dms:us-east-1:123456789012:endpoint:X",
      compliance: "COMPLIANT" as const,
      annotation: "ok",
      orderingTimestamp: NOW,
    };
    await expect(putEvaluations(client, [evaluation], "TESTMODE")).rejects.toThrow(/TESTMODE is refused/);
    expect(config.commandCalls(PutEvaluationsCommand)).toHaveLength(0);
  });
});

describe("TESTMODE outside Lambda (tests, the CLI)", () => {
  it("reports with TestMode true when no Lambda runtime variable is set", async () => {
    const result = await run(testModeEvent());
    expect(result.putEvaluationsCalls).toBe(1);
    expect(config.commandCalls(PutEvaluationsCommand)[0]?.args[0].input).toMatchObject({
      ResultToken: "TESTMODE",
      TestMode: true,
    });
  });

  it("does not take a non-Lambda AWS_EXECUTION_ENV (e.g. CloudShell) for Lambda", () => {
    expect(runningInLambda({ AWS_EXECUTION_ENV: "CloudShell" })).toBe(false);
    expect(runningInLambda({})).toBe(false);
    expect(runningInLambda({ AWS_EXECUTION_ENV: "AWS_Lambda_nodejs22.x" })).toBe(true);
  });
});
