import pc from "picocolors";
import type { Evaluation } from "../config/evaluation.js";
import type { Compliance } from "../rules/types.js";
import { display, displayLine } from "../util/display.js";

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

/**
 * Characters JSON.stringify leaves raw that a terminal or viewer acts on (C1 controls, bidi
 * overrides, line separators; it escapes C0 itself). `jsonText` writes them as \uXXXX escapes: the
 * values (a resource id kept exact) are unchanged for a JSON reader, and nothing reaches a terminal raw.
 */
const RAW_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** The JSON text of a report document (indented, one trailing newline). */
function jsonText(doc: unknown): string {
  const text = JSON.stringify(doc, null, 2).replace(
    RAW_IN_JSON,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return `${text}\n`;
}

/** One result of the JSON report: display text cleaned, the resource id exact. */
function toJsonResult(e: Evaluation): Record<string, unknown> {
  return {
    rule: e.rule,
    resourceType: e.resourceType,
    resourceId: e.resourceId,
    resourceName: e.resourceName !== undefined ? display(e.resourceName) : e.resourceId,
    compliance: e.compliance,
    annotation: displayLine(e.annotation),
    ...(e.details !== undefined ? { details: e.details } : {}),
  };
}

function toJson(report: AuditReport): string {
  const doc = {
    accountId: report.accountId,
    region: report.region,
    evaluatedAt: report.evaluatedAt.toISOString(),
    results: report.evaluations.map(toJsonResult),
    ...(report.errors.length
      ? { errors: report.errors.map((e) => ({ rule: e.rule, message: displayLine(e.message) })) }
      : {}),
  };
  return jsonText(doc);
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
    // Everything printed is display text: a resource id without a name is cleaned for the terminal too.
    const shown = (e: Evaluation) => display(e.resourceName ?? e.resourceId);
    let width = 0;
    for (const e of sorted) width = Math.min(40, Math.max(width, shown(e).length));
    for (const e of sorted) {
      lines.push(`  ${badge[e.compliance]}  ${shown(e).padEnd(width)}  ${displayLine(e.annotation)}`);
    }
    lines.push("");
  }
  if (byRule.size === 0 && report.errors.length === 0) lines.push("No resources in scope.", "");
  for (const { rule, message } of report.errors) {
    lines.push(`${c.bold(rule)}  ${c.yellow(`not evaluated: ${displayLine(message)}`)}`, "");
  }
  lines.push(
    `${c.bold("Total:")} ${c.red(`${totals.NON_COMPLIANT} non-compliant`)}, ${c.green(`${totals.COMPLIANT} compliant`)}, ${totals.NOT_APPLICABLE} not applicable${report.errors.length ? c.yellow(`, ${report.errors.length} rule(s) not evaluated`) : ""}`,
  );
  return `${lines.join("\n")}\n`;
}

export type { AuditReport };
export { jsonText, toJson, toJsonResult, toTable };
