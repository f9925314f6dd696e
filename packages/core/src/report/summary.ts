import pc from "picocolors";
import type { Evaluation } from "../config/evaluation.js";
import { countResults } from "./results.js";

/**
 * The table's first line: the non-compliant results by severity, then the compliant and
 * not-applicable counts, e.g.
 * `Summary: 3 non-compliant (1 critical, 2 high, 0 medium, 0 low), 12 compliant, 40 not applicable`.
 */
function summaryLine(
  evaluations: readonly Pick<Evaluation, "rule" | "compliance">[],
  color: boolean,
): string {
  const c = pc.createColors(color);
  const { compliance, nonCompliantBySeverity: s } = countResults(evaluations);
  const bySeverity = `${s.critical} critical, ${s.high} high, ${s.medium} medium, ${s.low} low`;
  return `${c.bold("Summary:")} ${c.red(`${compliance.NON_COMPLIANT} non-compliant`)} (${bySeverity}), ${c.green(`${compliance.COMPLIANT} compliant`)}, ${compliance.NOT_APPLICABLE} not applicable\n`;
}

export { summaryLine };
