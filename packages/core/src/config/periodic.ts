import { MalformedInputError } from "../errors.js";
import type { ReportedResult } from "./config-api.js";
import { cutAnnotation } from "./config-api.js";
import type { Evaluation } from "./evaluation.js";

/**
 * What a periodic run reports, given every evaluation of the run and the results AWS Config holds
 * for the rule (GetComplianceDetailsByConfigRule, COMPLIANT and NON_COMPLIANT: see config-api.ts).
 *
 * - A COMPLIANT or NON_COMPLIANT verdict is reported (AWS Config bills every evaluation it records).
 * - NOT_APPLICABLE is reported only to retire a result Config holds: the resource is now outside
 *   the rule's concern, or no longer exists. A resource without such a result is not reported, so
 *   each stale result is retired once (the next listing no longer shows it).
 * - Delta reporting (opt-in): a verdict whose compliance and annotation equal the held result's,
 *   recorded (`ResultRecordedTime`) less than `maxAgeDays` days ago, is not reported again.
 */

/** Opt-in delta reporting; `maxAgeDays` 1 to 30 (see DELTA_MAX_AGE_DAYS). */
interface DeltaReporting {
  enabled: boolean;
  maxAgeDays: number;
}

/**
 * The range of `maxAgeDays`. An unchanged result is refreshed at least every 30 days, well inside
 * the 90 days after which Security Hub deletes a finding that is not updated ("Active findings are
 * automatically deleted if they aren't updated in 90 days", Security Hub user guide, OCSF findings:
 * https://docs.aws.amazon.com/securityhub/latest/userguide/ocsf-findings.html), so the AWS Config
 * findings Security Hub imports stay alive.
 */
const DELTA_MAX_AGE_DAYS = { min: 1, max: 30 } as const;

const DELTA_OFF: DeltaReporting = { enabled: false, maxAgeDays: 7 };

/** The environment variable the stacks set on the rule functions when delta reporting is on. */
const DELTA_ENV = "DELTA_REPORTING_MAX_AGE_DAYS";

/** Delta reporting from the function's environment: on when DELTA_REPORTING_MAX_AGE_DAYS is set. */
function deltaReportingFromEnvironment(env: Record<string, string | undefined>): DeltaReporting {
  const raw = env[DELTA_ENV]?.trim();
  if (!raw) return DELTA_OFF;
  const days = Number(raw);
  if (!/^\d+$/.test(raw) || days < DELTA_MAX_AGE_DAYS.min || days > DELTA_MAX_AGE_DAYS.max) {
    throw new MalformedInputError(
      `${DELTA_ENV} ${JSON.stringify(raw)}: expected a whole number of days from ${DELTA_MAX_AGE_DAYS.min} to ${DELTA_MAX_AGE_DAYS.max}`,
    );
  }
  return { enabled: true, maxAgeDays: days };
}

const DAY_MS = 86_400_000;
const keyOf = (type: string, id: string) => `${type}\u0000${id}`;

/** The latest held result per resource (a listing may name a resource more than once). */
function heldResults(earlier: readonly ReportedResult[]): Map<string, ReportedResult> {
  const held = new Map<string, ReportedResult>();
  for (const r of earlier) {
    const key = keyOf(r.resourceType, r.resourceId);
    const seen = held.get(key);
    if (!seen || (r.recordedAt?.getTime() ?? 0) > (seen.recordedAt?.getTime() ?? 0)) held.set(key, r);
  }
  return held;
}

function unchangedAndRecent(e: Evaluation, held: ReportedResult, delta: DeltaReporting, now: Date): boolean {
  if (!delta.enabled || !held.recordedAt) return false;
  if (held.compliance !== e.compliance || held.annotation !== cutAnnotation(e.annotation)) return false;
  return now.getTime() - held.recordedAt.getTime() < delta.maxAgeDays * DAY_MS;
}

/**
 * The evaluations a periodic run reports. `retire` builds the NOT_APPLICABLE for a held result
 * whose resource the run did not find (it no longer exists).
 */
function periodicReport(
  evaluations: readonly Evaluation[],
  earlier: readonly ReportedResult[],
  options: { now: Date; delta?: DeltaReporting; retire: (held: ReportedResult) => Evaluation },
): Evaluation[] {
  const delta = options.delta ?? DELTA_OFF;
  const held = heldResults(earlier);
  const current = new Set<string>();
  const report: Evaluation[] = [];
  for (const e of evaluations) {
    const key = keyOf(e.resourceType, e.resourceId);
    current.add(key);
    const prior = held.get(key);
    if (e.compliance === "NOT_APPLICABLE") {
      if (prior) report.push(e);
      continue;
    }
    if (prior && unchangedAndRecent(e, prior, delta, options.now)) continue;
    report.push(e);
  }
  for (const [key, prior] of held) if (!current.has(key)) report.push(options.retire(prior));
  return report;
}

export type { DeltaReporting };
export { DELTA_ENV, DELTA_MAX_AGE_DAYS, DELTA_OFF, deltaReportingFromEnvironment, periodicReport };
