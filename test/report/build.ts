import type { Evaluation } from "../../packages/core/src/config/evaluation.js";
import { type ExportInput, exportResults } from "../../packages/core/src/report/results.js";

/** Evaluations and export inputs for the report tests. */

const AT = new Date("2026-11-20T09:00:00.000Z");

function evaluation(overrides: Partial<Evaluation> = {}): Evaluation {
  return {
    rule: "dms-endpoint-tls",
    resourceType: "AWS::DMS::Endpoint",
    resourceId: "arn:aws:dms:eu-west-1:111122223333:endpoint:ABCDEF",
    resourceName: "orders-source",
    compliance: "NON_COMPLIANT",
    annotation: "postgres endpoint uses SslMode none; use verify-full",
    orderingTimestamp: AT,
    ...overrides,
  };
}

function input(
  evaluations: Evaluation[],
  options: { includeNotApplicable?: boolean; accountId?: string; region?: string } = {},
): ExportInput {
  const accountId = options.accountId ?? "111122223333";
  const region = options.region ?? "eu-west-1";
  return {
    results: exportResults(
      { accountId, region, evaluatedAt: AT, evaluations },
      options.includeNotApplicable ?? false,
    ),
    accountId,
    region,
    evaluatedAt: AT,
  };
}

export { AT, evaluation, input };
