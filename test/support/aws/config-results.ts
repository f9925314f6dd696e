import type { ReportedResult } from "../../../packages/core/src/config/config-api.js";
import { cutAnnotation } from "../../../packages/core/src/config/config-api.js";
import type { Evaluation } from "../../../packages/core/src/config/evaluation.js";
import type { ConfigReader } from "../../../packages/core/src/config/evaluator.js";

/**
 * AWS Config's results of one rule, in memory: what PutEvaluations records (the latest result per
 * resource, its annotation as sent, cut to 256 characters, and the time it was recorded) and what
 * GetComplianceDetailsByConfigRule lists with ComplianceTypes COMPLIANT and NON_COMPLIANT, as
 * config-api.ts asks. A NOT_APPLICABLE result is kept (Config keeps it) but not listed.
 */
class ConfigResults {
  readonly #results = new Map<string, ReportedResult | { compliance: "NOT_APPLICABLE" }>();
  /** PutEvaluations entries recorded so far. */
  entries = 0;

  /** Records a run's evaluations at `at` (ResultRecordedTime); returns how many entries. */
  record(evaluations: readonly Evaluation[], at: Date): number {
    for (const e of evaluations) {
      const key = `${e.resourceType}\u0000${e.resourceId}`;
      this.#results.set(
        key,
        e.compliance === "NOT_APPLICABLE"
          ? { compliance: "NOT_APPLICABLE" }
          : {
              resourceType: e.resourceType,
              resourceId: e.resourceId,
              compliance: e.compliance,
              annotation: cutAnnotation(e.annotation),
              recordedAt: at,
            },
      );
    }
    this.entries += evaluations.length;
    return evaluations.length;
  }

  /** Seeds a result as an earlier run would have left it. */
  seed(result: ReportedResult): void {
    this.#results.set(`${result.resourceType}\u0000${result.resourceId}`, result);
  }

  list(): ReportedResult[] {
    return [...this.#results.values()].filter((r): r is ReportedResult => r.compliance !== "NOT_APPLICABLE");
  }

  /** The ConfigReader the evaluator takes (oversized items are not served). */
  reader(): ConfigReader {
    return {
      getLatestConfigurationItem: async () => {
        throw new Error("ConfigResults serves no configuration items");
      },
      listReportedResources: async () => this.list(),
    };
  }
}

export { ConfigResults };
