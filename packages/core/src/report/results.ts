import type { Evaluation } from "../config/evaluation.js";
import { findRule } from "../rules/index.js";
import type { AnyRule, Compliance, Severity } from "../rules/types.js";

/**
 * The results the export formats (csv, ocsf, asff, html) carry: every evaluation with the account,
 * region and time of its audit and the metadata of its rule. COMPLIANT and NON_COMPLIANT results
 * always; NOT_APPLICABLE ones only when asked (`--include-not-applicable`): an account has thousands.
 */

interface ReportResult {
  accountId: string;
  region: string;
  evaluatedAt: Date;
  evaluation: Evaluation;
  /** The rule's metadata (severity, remediation, source); undefined only for an unknown rule name. */
  rule: AnyRule | undefined;
}

/** What every export format is given: the results and the audit's place and time. */
interface ExportInput {
  results: readonly ReportResult[];
  /** The account of a single-account audit; undefined across accounts. */
  accountId: string | undefined;
  region: string;
  evaluatedAt: Date;
}

const SEVERITIES: readonly Severity[] = ["low", "medium", "high", "critical"];

/** The rank of a severity: low 0 … critical 3. */
function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}

/** The severity of an evaluation's rule (medium for an unknown rule, which the registry never yields). */
function severityOf(evaluation: Pick<Evaluation, "rule">): Severity {
  return findRule(evaluation.rule)?.severity ?? "medium";
}

/** The evaluations whose rule is at least `minimum` severe (all of them without a minimum). */
function atLeast<E extends Pick<Evaluation, "rule">>(
  evaluations: readonly E[],
  minimum: Severity | undefined,
): E[] {
  if (minimum === undefined) return [...evaluations];
  return evaluations.filter((e) => severityRank(severityOf(e)) >= severityRank(minimum));
}

/** The results of one account's audit that an export carries. */
function exportResults(
  audit: { accountId: string; region: string; evaluatedAt: Date; evaluations: readonly Evaluation[] },
  includeNotApplicable: boolean,
): ReportResult[] {
  return audit.evaluations
    .filter((e) => includeNotApplicable || e.compliance !== "NOT_APPLICABLE")
    .map((evaluation) => ({
      accountId: audit.accountId,
      region: audit.region,
      evaluatedAt: audit.evaluatedAt,
      evaluation,
      rule: findRule(evaluation.rule),
    }));
}

/** Counts of results by compliance, and of NON_COMPLIANT results by their rule's severity. */
interface Counts {
  compliance: Record<Compliance, number>;
  nonCompliantBySeverity: Record<Severity, number>;
}

function countResults(evaluations: readonly Pick<Evaluation, "rule" | "compliance">[]): Counts {
  const counts: Counts = {
    compliance: { NON_COMPLIANT: 0, COMPLIANT: 0, NOT_APPLICABLE: 0 },
    nonCompliantBySeverity: { critical: 0, high: 0, medium: 0, low: 0 },
  };
  for (const e of evaluations) {
    counts.compliance[e.compliance]++;
    if (e.compliance === "NON_COMPLIANT") counts.nonCompliantBySeverity[severityOf(e)]++;
  }
  return counts;
}

export type { Counts, ExportInput, ReportResult };
export { atLeast, countResults, exportResults, isSeverity, SEVERITIES, severityOf, severityRank };
