import {
  type EvaluationResult,
  GetComplianceDetailsByConfigRuleCommand,
  PutEvaluationsCommand,
} from "@aws-sdk/client-config-service";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AwsClients } from "../../packages/core/src/aws/clients.js";
import { type HandlerDeps, handleConfigRuleEvent } from "../../packages/core/src/config/handler.js";
import { rule } from "../../packages/core/src/rules/dms-endpoint-tls/index.js";
import { fixture } from "../support/fixtures.js";
import { mockDmsAccount } from "../support/mock-dms-account.js";

// A periodic run through the handler reads the rule's results (GetComplianceDetailsByConfigRule,
// EvaluationResult with ComplianceType, Annotation and ResultRecordedTime as in the Config API
// model) and reports only what matters. AWS mocked at the SDK client.

const { config, dms, reset } = mockDmsAccount();
const NOW = new Date("2026-11-20T09:00:00Z");
const DAY = 86_400_000;
const ORDERS = "arn:aws:dms:us-east-1:123456789012:endpoint:ORDERSPGSOURCEXXXXXXXXXXXX";

function run(extra: Partial<HandlerDeps> = {}) {
  return handleConfigRuleEvent(rule, fixture("config/ScheduledNotification/default.json"), {
    clients: new AwsClients({ region: "us-east-1" }),
    now: () => NOW,
    sleep: async () => {},
    ...extra,
  });
}

function reported() {
  return config
    .commandCalls(PutEvaluationsCommand)
    .flatMap((c) => c.args[0].input.Evaluations ?? [])
    .map((e) => `${e.ComplianceResourceId?.split(":").at(-1)}:${e.ComplianceType}`);
}

function held(
  compliance: "COMPLIANT" | "NON_COMPLIANT",
  annotation: string,
  ageDays: number,
): EvaluationResult {
  return {
    EvaluationResultIdentifier: {
      EvaluationResultQualifier: {
        ConfigRuleName: rule.name,
        ResourceType: "AWS::DMS::Endpoint",
        ResourceId: ORDERS,
      },
      OrderingTimestamp: new Date(NOW.getTime() - ageDays * DAY),
    },
    ComplianceType: compliance,
    Annotation: annotation,
    ResultRecordedTime: new Date(NOW.getTime() - ageDays * DAY),
    ConfigRuleInvokedTime: new Date(NOW.getTime() - ageDays * DAY),
  };
}

/** The annotation the rule gives the fixture's endpoint (read from a run, not written here). */
async function currentAnnotation(): Promise<string> {
  await run();
  const annotation =
    config.commandCalls(PutEvaluationsCommand)[0]?.args[0].input.Evaluations?.[0]?.Annotation;
  config.resetHistory();
  return annotation ?? "";
}

beforeEach(() => {
  reset();
});
afterEach(() => {
  config.reset();
  dms.reset();
  delete process.env.DELTA_REPORTING_MAX_AGE_DAYS;
});

describe("handleConfigRuleEvent on a scheduled run", () => {
  it("lists only the COMPLIANT and NON_COMPLIANT results of the rule, 100 per page", async () => {
    await run();
    expect(config.commandCalls(GetComplianceDetailsByConfigRuleCommand)[0]?.args[0].input).toEqual({
      ConfigRuleName: rule.name,
      ComplianceTypes: ["COMPLIANT", "NON_COMPLIANT"],
      Limit: 100,
    });
  });

  it("reports an unchanged verdict again when delta reporting is off", async () => {
    const annotation = await currentAnnotation();
    config
      .on(GetComplianceDetailsByConfigRuleCommand)
      .resolves({ EvaluationResults: [held("COMPLIANT", annotation, 1)] });
    await run();
    expect(reported()).toEqual(["ORDERSPGSOURCEXXXXXXXXXXXX:COMPLIANT"]);
  });

  it("skips an unchanged verdict recorded less than N days ago under delta reporting", async () => {
    const annotation = await currentAnnotation();
    config
      .on(GetComplianceDetailsByConfigRuleCommand)
      .resolves({ EvaluationResults: [held("COMPLIANT", annotation, 6.9)] });
    const result = await run({ deltaReporting: { enabled: true, maxAgeDays: 7 } });
    expect(reported()).toEqual([]);
    expect(result).toMatchObject({ evaluations: 0, putEvaluationsCalls: 0 });
  });

  it("refreshes under delta reporting a verdict recorded N days ago, or whose annotation changed", async () => {
    const annotation = await currentAnnotation();
    config
      .on(GetComplianceDetailsByConfigRuleCommand)
      .resolves({ EvaluationResults: [held("COMPLIANT", annotation, 7)] });
    await run({ deltaReporting: { enabled: true, maxAgeDays: 7 } });
    config.resetHistory();
    config
      .on(GetComplianceDetailsByConfigRuleCommand)
      .resolves({ EvaluationResults: [held("COMPLIANT", `${annotation} (earlier)`, 1)] });
    await run({ deltaReporting: { enabled: true, maxAgeDays: 7 } });
    expect(reported()).toEqual(["ORDERSPGSOURCEXXXXXXXXXXXX:COMPLIANT"]);
  });

  it("takes delta reporting from DELTA_REPORTING_MAX_AGE_DAYS when the caller gives none", async () => {
    const annotation = await currentAnnotation();
    config
      .on(GetComplianceDetailsByConfigRuleCommand)
      .resolves({ EvaluationResults: [held("COMPLIANT", annotation, 2)] });
    process.env.DELTA_REPORTING_MAX_AGE_DAYS = "3";
    await run();
    expect(reported()).toEqual([]);
  });

  it("fails the run, reporting nothing, when DELTA_REPORTING_MAX_AGE_DAYS is out of range", async () => {
    process.env.DELTA_REPORTING_MAX_AGE_DAYS = "90";
    await expect(run()).rejects.toThrow(
      /DELTA_REPORTING_MAX_AGE_DAYS "90": expected a whole number of days from 1 to 30/,
    );
    expect(config.commandCalls(PutEvaluationsCommand)).toHaveLength(0);
  });
});
