import type {
  Evaluation as ConfigEvaluation,
  ConfigServiceClient,
  PutEvaluationsCommandOutput,
} from "@aws-sdk/client-config-service";
import { classifyAwsError } from "../aws/errors.js";
import { loadSdk } from "../aws/sdk.js";
import { AwsServiceError, InvalidEventError } from "../errors.js";
import { limiter } from "../util/concurrency.js";
import { displayLine } from "../util/display.js";
import type { Evaluation } from "./evaluation.js";

/**
 * AWS Config's own API, as the protocol uses it: fetch an oversized item, list earlier results,
 * report. Each function takes the client and imports the commands on its first call (aws/sdk.ts).
 */

const MAX_BATCH = 100;

/** The result token AWS Config's console and `PutEvaluations` `TestMode` use for a test run. */
const TEST_MODE_TOKEN = "TESTMODE";

/**
 * True inside the Lambda runtime: it sets the reserved variables AWS_LAMBDA_FUNCTION_NAME and
 * AWS_EXECUTION_ENV (`AWS_Lambda_<runtime>`), which a function's configuration cannot set
 * (Lambda developer guide, "Defined runtime environment variables").
 */
function runningInLambda(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.AWS_LAMBDA_FUNCTION_NAME) || (env.AWS_EXECUTION_ENV ?? "").startsWith("AWS_Lambda_");
}

/**
 * A deployed function refuses the TESTMODE token: a test run returns results without AWS Config's
 * result token, so anyone allowed to invoke the function (in organization mode, for any member
 * account) would read compliance data. Local runs (tests, the CLI) keep TESTMODE.
 */
function assertTestModeAllowed(resultToken: string, env: NodeJS.ProcessEnv = process.env): void {
  if (resultToken === TEST_MODE_TOKEN && runningInLambda(env)) {
    throw new InvalidEventError(
      "invalid AWS Config event: resultToken TESTMODE is refused in AWS Lambda; test rules locally (tests or the audit CLI)",
    );
  }
}
const MAX_ANNOTATION = 256;

function cutAnnotation(text: string): string {
  // Line breaks become spaces, other control and bidi-override characters go, spaces collapse.
  const clean = displayLine(text).replace(/\s+/g, " ").trim() || "(no annotation)";
  return clean.length <= MAX_ANNOTATION ? clean : `${clean.slice(0, MAX_ANNOTATION - 1)}…`;
}

function toConfigEvaluation(e: Evaluation): ConfigEvaluation {
  return {
    ComplianceResourceType: e.resourceType,
    ComplianceResourceId: e.resourceId,
    ComplianceType: e.compliance,
    Annotation: cutAnnotation(e.annotation),
    OrderingTimestamp: e.orderingTimestamp,
  };
}

interface PutOptions {
  /** Extra attempts for entries AWS Config returns in FailedEvaluations. */
  retries?: number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** PutEvaluations batches in flight at once (a 2,000-resource run is 20 batches). */
const PUT_CONCURRENCY = 4;

/**
 * PutEvaluations in batches of at most 100, up to PUT_CONCURRENCY batches at a time. Throttling
 * is retried by the SDK (adaptive mode); entries returned in FailedEvaluations are retried with
 * backoff; what still fails is an error. Returns the number of PutEvaluations calls made.
 */
async function putEvaluations(
  client: ConfigServiceClient,
  evaluations: readonly Evaluation[],
  resultToken: string,
  options: PutOptions = {},
): Promise<number> {
  const retries = options.retries ?? 4;
  const sleep = options.sleep ?? defaultSleep;
  assertTestModeAllowed(resultToken);
  const testMode = resultToken === TEST_MODE_TOKEN;
  let calls = 0;
  const { PutEvaluationsCommand } = await loadSdk("config");
  const putBatch = async (batch: ConfigEvaluation[]) => {
    let pending = batch;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > retries) {
        throw new AwsServiceError(
          `config:PutEvaluations kept rejecting ${pending.length} evaluation(s) after ${retries} retries (first: ${pending[0]?.ComplianceResourceId})`,
        );
      }
      if (attempt > 0) await sleep(200 * 2 ** (attempt - 1));
      calls++;
      let output: PutEvaluationsCommandOutput;
      try {
        output = await client.send(
          new PutEvaluationsCommand({ Evaluations: pending, ResultToken: resultToken, TestMode: testMode }),
        );
      } catch (error) {
        throw classifyAwsError(error, "config:PutEvaluations");
      }
      const failed = output.FailedEvaluations ?? [];
      const failedKeys = new Set(
        failed.map((f) => `${f.ComplianceResourceType}\u0000${f.ComplianceResourceId}`),
      );
      pending = pending.filter((e) =>
        failedKeys.has(`${e.ComplianceResourceType}\u0000${e.ComplianceResourceId}`),
      );
    }
  };
  const run = limiter(PUT_CONCURRENCY);
  const batches: Promise<void>[] = [];
  for (let start = 0; start < evaluations.length; start += MAX_BATCH) {
    const batch = evaluations.slice(start, start + MAX_BATCH).map(toConfigEvaluation);
    batches.push(run(() => putBatch(batch)));
  }
  // Wait for every batch (none is left running), then report the first failure.
  const outcomes = await Promise.allSettled(batches);
  const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected");
  if (failure) throw failure.reason;
  return calls;
}

/** The latest configuration item of a resource (for oversized change notifications). */
async function getLatestConfigurationItem(
  client: ConfigServiceClient,
  resourceType: string,
  resourceId: string,
): Promise<unknown> {
  try {
    const { GetResourceConfigHistoryCommand } = await loadSdk("config");
    const output = await client.send(
      new GetResourceConfigHistoryCommand({
        resourceType: resourceType as never,
        resourceId,
        limit: 1,
      }),
    );
    const item = output.configurationItems?.[0];
    if (!item) {
      throw new AwsServiceError(
        `config:GetResourceConfigHistory returned no configuration item for ${resourceType} ${resourceId}`,
      );
    }
    return item;
  } catch (error) {
    throw classifyAwsError(error, "config:GetResourceConfigHistory");
  }
}

/** A result AWS Config holds for the rule (GetComplianceDetailsByConfigRule `EvaluationResult`). */
interface ReportedResult {
  resourceType: string;
  resourceId: string;
  compliance: "COMPLIANT" | "NON_COMPLIANT";
  /** `Annotation` as recorded (at most 256 characters); absent when none was given. */
  annotation?: string;
  /** `ResultRecordedTime`: when AWS Config recorded the result. */
  recordedAt?: Date;
}

/**
 * The results this rule holds as COMPLIANT or NON_COMPLIANT, with their annotation and recorded
 * time. Only those two types are asked (`ComplianceTypes`): a periodic run reports NOT_APPLICABLE
 * only to retire one of them, and a result already NOT_APPLICABLE needs no retirement. The
 * EvaluationResult shape (ComplianceType, Annotation, ResultRecordedTime) is the Config API model's.
 */
async function listReportedResources(
  client: ConfigServiceClient,
  configRuleName: string,
): Promise<ReportedResult[]> {
  const found: ReportedResult[] = [];
  try {
    const { paginateGetComplianceDetailsByConfigRule } = await loadSdk("config");
    const pages = paginateGetComplianceDetailsByConfigRule(
      { client, pageSize: 100 },
      { ConfigRuleName: configRuleName, ComplianceTypes: ["COMPLIANT", "NON_COMPLIANT"], Limit: 100 },
    );
    for await (const page of pages) {
      for (const result of page.EvaluationResults ?? []) {
        const q = result.EvaluationResultIdentifier?.EvaluationResultQualifier;
        const compliance = result.ComplianceType;
        if (!q?.ResourceType || !q.ResourceId) continue;
        if (compliance !== "COMPLIANT" && compliance !== "NON_COMPLIANT") continue;
        const reported: ReportedResult = {
          resourceType: q.ResourceType,
          resourceId: q.ResourceId,
          compliance,
        };
        if (typeof result.Annotation === "string") reported.annotation = result.Annotation;
        if (result.ResultRecordedTime instanceof Date && !Number.isNaN(result.ResultRecordedTime.getTime()))
          reported.recordedAt = result.ResultRecordedTime;
        found.push(reported);
      }
    }
  } catch (error) {
    throw classifyAwsError(error, "config:GetComplianceDetailsByConfigRule");
  }
  return found;
}

export type { ReportedResult };
export {
  assertTestModeAllowed,
  cutAnnotation,
  getLatestConfigurationItem,
  listReportedResources,
  MAX_ANNOTATION,
  putEvaluations,
  runningInLambda,
  toConfigEvaluation,
};
