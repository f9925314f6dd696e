import pc from "picocolors";
import type { Evaluation } from "../config/evaluation.js";
import type { Compliance } from "../rules/types.js";

/**
 * Audit report rendering: a readable table grouped by rule (a line per COMPLIANT or NON_COMPLIANT
 * resource, NOT_APPLICABLE as a count per rule), or the documented JSON document (every result).
 */

interface AuditReport {
  accountId: string;
  region: string;
  evaluatedAt: Date;
  evaluations: readonly Evaluation[];
  /** Rules that could not be evaluated, with the reason. */
  errors: readonly { rule: string; message: string }[];
}

/** One result of the JSON report. */
function toJsonResult(e: Evaluation): Record<string, unknown> {
  return {
    rule: e.rule,
    resourceType: e.resourceType,
    resourceId: e.resourceId,
    resourceName: e.resourceName ?? e.resourceId,
    compliance: e.compliance,
    annotation: e.annotation,
    ...(e.details !== undefined ? { details: e.details } : {}),
  };
}

function toJson(report: AuditReport): string {
  const doc = {
    accountId: report.accountId,
    region: report.region,
    evaluatedAt: report.evaluatedAt.toISOString(),
    results: report.evaluations.map(toJsonResult),
    ...(report.errors.length ? { errors: report.errors } : {}),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

const ORDER: Record<Compliance, number> = { NON_COMPLIANT: 0, COMPLIANT: 1, NOT_APPLICABLE: 2 };

function toTable(report: AuditReport, color: boolean): string {
  const c = pc.createColors(color);
  const badge: Record<Compliance, string> = {
    NON_COMPLIANT: c.red("✗ NON_COMPLIANT "),
    COMPLIANT: c.green("✓ COMPLIANT     "),
    NOT_APPLICABLE: c.dim("- NOT_APPLICABLE"),
  };
  const lines: string[] = [
    c.bold(
      `migration-guard audit — account ${report.accountId}, ${report.region}, at ${report.evaluatedAt.toISOString()}`,
    ),
    "",
  ];
  const byRule = new Map<string, Evaluation[]>();
  for (const e of report.evaluations) {
    const list = byRule.get(e.rule) ?? [];
    list.push(e);
    byRule.set(e.rule, list);
  }
  const totals: Record<Compliance, number> = { COMPLIANT: 0, NON_COMPLIANT: 0, NOT_APPLICABLE: 0 };
  for (const [rule, evaluations] of byRule) {
    const counts: Record<Compliance, number> = { COMPLIANT: 0, NON_COMPLIANT: 0, NOT_APPLICABLE: 0 };
    for (const e of evaluations) counts[e.compliance]++;
    for (const k of Object.keys(counts) as Compliance[]) totals[k] += counts[k];
    lines.push(
      `${c.bold(rule)} ${c.dim(`(${[...new Set(evaluations.map((e) => e.resourceType))].join(", ")})`)}  ${c.red(`${counts.NON_COMPLIANT} non-compliant`)}, ${c.green(`${counts.COMPLIANT} compliant`)}${counts.NOT_APPLICABLE ? `, ${counts.NOT_APPLICABLE} not applicable` : ""}`,
    );
    // NOT_APPLICABLE is the count in the rule's line only (an account has thousands: users that are no
    // agents); the JSON report keeps every result.
    const sorted = evaluations
      .filter((e) => e.compliance !== "NOT_APPLICABLE")
      .sort(
        (a, b) =>
          ORDER[a.compliance] - ORDER[b.compliance] ||
          (a.resourceName ?? "").localeCompare(b.resourceName ?? ""),
      );
    let width = 0;
    for (const e of sorted) width = Math.min(40, Math.max(width, (e.resourceName ?? e.resourceId).length));
    for (const e of sorted) {
      lines.push(
        `  ${badge[e.compliance]}  ${(e.resourceName ?? e.resourceId).padEnd(width)}  ${e.annotation}`,
      );
    }
    lines.push("");
  }
  if (byRule.size === 0 && report.errors.length === 0) lines.push("No resources in scope.", "");
  for (const { rule, message } of report.errors) {
    lines.push(`${c.bold(rule)}  ${c.yellow(`not evaluated: ${message}`)}`, "");
  }
  lines.push(
    `${c.bold("Total:")} ${c.red(`${totals.NON_COMPLIANT} non-compliant`)}, ${c.green(`${totals.COMPLIANT} compliant`)}, ${totals.NOT_APPLICABLE} not applicable${report.errors.length ? c.yellow(`, ${report.errors.length} rule(s) not evaluated`) : ""}`,
  );
  return `${lines.join("\n")}\n`;
}

export type { AuditReport };
export { toJson, toJsonResult, toTable };
