import type { Context } from "aws-lambda";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { fixture } from "../support/fixtures.js";
import { mockDmsAccount } from "../support/mock-dms-account.js";

/**
 * functions/evaluate.ts writes structured JSON to stdout: log lines with the Lambda context, and
 * one CloudWatch Embedded Metric Format (EMF) line per invocation. EMF: a root `_aws` object with
 * `Timestamp` and `CloudWatchMetrics` [{ Namespace, Dimensions, Metrics: [{ Name, Unit }] }], and the
 * dimension and metric values as root keys
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).
 */

const { config, dms, reset } = mockDmsAccount();
/** What the function wrote to stdout and stderr. */
let stdout: string[] = [];

function context(awsRequestId: string): Context {
  return {
    awsRequestId,
    functionName: "migration-guard-dms-endpoint-tls",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:migration-guard-dms-endpoint-tls",
    memoryLimitInMB: "512",
    logGroupName: "/aws/lambda/migration-guard-dms-endpoint-tls",
    logStreamName: "2026/11/20/[$LATEST]0123456789abcdef",
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => 60_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

/** The JSON lines written since the last reset. */
function lines(): Record<string, unknown>[] {
  return stdout
    .join("")
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

type Emf = Record<string, unknown> & {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: {
      Namespace: string;
      Dimensions: string[][];
      Metrics: { Name: string; Unit: string }[];
    }[];
  };
};

function emfLines(): Emf[] {
  return lines().filter((l): l is Emf => typeof l._aws === "object" && l._aws !== null);
}

beforeAll(() => {
  process.env.RULE_NAME = "dms-endpoint-tls";
  process.env.AWS_REGION = "us-east-1";
  // Set by the Lambda runtime for on-demand functions; Powertools reports cold starts only then
  // (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime).
  process.env.AWS_LAMBDA_INITIALIZATION_TYPE = "on-demand";
  delete process.env.MEMBER_ROLE_NAME;
});
beforeEach(() => {
  stdout = [];
  // ERROR lines go to stderr, the rest to stdout: both are the function's log stream.
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, "write").mockImplementation((chunk: string | Uint8Array) => {
      stdout.push(String(chunk));
      return true;
    });
  }
  reset();
});
afterEach(() => {
  vi.restoreAllMocks();
  config.reset();
  dms.reset();
});
afterAll(() => {
  config.restore();
  dms.restore();
});

describe("functions/evaluate.ts observability", () => {
  it("returns one EMF line in the MigrationGuard namespace with compliance counts per rule, API calls and duration", async () => {
    const { handler } = await import("../../functions/evaluate.js");
    const result = await handler(
      fixture("config/ConfigurationItemChangeNotification/dms-endpoint.json"),
      context("req-emf-1"),
    );
    expect(result.byCompliance).toEqual({ COMPLIANT: 0, NON_COMPLIANT: 1, NOT_APPLICABLE: 0 });

    const [emf, ...more] = emfLines();
    expect(more).toEqual([]);
    expect(emf?._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: "MigrationGuard",
        Dimensions: [["service", "rule"]],
        Metrics: expect.arrayContaining([
          { Name: "COMPLIANT", Unit: "Count" },
          { Name: "NON_COMPLIANT", Unit: "Count" },
          { Name: "NOT_APPLICABLE", Unit: "Count" },
          { Name: "ApiCalls", Unit: "Count" },
          { Name: "Duration", Unit: "Milliseconds" },
        ]),
      },
    ]);
    expect(emf?._aws.CloudWatchMetrics[0]?.Metrics).toHaveLength(5);
    expect(emf).toMatchObject({
      rule: "dms-endpoint-tls",
      COMPLIANT: 0,
      NON_COMPLIANT: 1,
      NOT_APPLICABLE: 0,
    });
    // aws-sdk-client-mock answers before the SDK middleware stack runs, so no call is counted here;
    // test/aws/api-calls.test.ts counts real calls to moto.
    expect(emf?.ApiCalls).toBe(0);
    expect(emf?.Duration).toEqual(expect.any(Number));
    expect(emf?.Duration as number).toBeGreaterThanOrEqual(0);
  });

  it("returns log lines that carry the request id, with cold_start true only on the container's first invocation", async () => {
    vi.resetModules();
    const { handler } = await import("../../functions/evaluate.js");
    await handler(
      fixture("config/ConfigurationItemChangeNotification/dms-endpoint.json"),
      context("req-cold"),
    );
    await handler(
      fixture("config/ConfigurationItemChangeNotification/dms-endpoint.json"),
      context("req-warm"),
    );

    const reported = lines().filter((l) => l.message === "evaluations reported");
    expect(reported.map((l) => [l.function_request_id, l.cold_start, l.rule])).toEqual([
      ["req-cold", true, "dms-endpoint-tls"],
      ["req-warm", false, "dms-endpoint-tls"],
    ]);
    expect(reported[0]).toMatchObject({ function_name: "migration-guard-dms-endpoint-tls", level: "INFO" });
    expect(emfLines()).toHaveLength(2);
  });

  it("returns the duration and API calls, without compliance counts, when the invocation fails", async () => {
    const { handler } = await import("../../functions/evaluate.js");
    await expect(handler({ invokingEvent: "{" }, context("req-bad"))).rejects.toThrow(/dms-endpoint-tls/);
    const [emf] = emfLines();
    expect(emf?._aws.CloudWatchMetrics[0]?.Metrics.map((m) => m.Name).sort()).toEqual([
      "ApiCalls",
      "Duration",
    ]);
    const failure = lines().find((l) => l.level === "ERROR");
    expect(failure).toMatchObject({ function_request_id: "req-bad", rule: "dms-endpoint-tls" });
  });
});
