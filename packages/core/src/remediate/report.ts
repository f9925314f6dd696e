import { display } from "../util/display.js";
import type { ActionResult } from "./types.js";

/**
 * The remediation report of `migration-guard remediate`: the documented JSON document
 * (`{ accountId, region, applied, actions: [...] }`) or a table, one line per action and its calls.
 */

interface RemediationReport {
  accountId: string;
  region: string;
  applied: boolean;
  actions: readonly ActionResult[];
  /** Rules that could not be evaluated, with the reason. */
  errors: readonly { rule: string; message: string }[];
}

function jsonAction(a: ActionResult): Record<string, unknown> {
  return {
    rule: a.rule,
    resourceType: a.resourceType,
    resourceId: a.resourceId,
    resourceName: a.resourceName ?? a.resourceId,
    action: a.action,
    calls: a.calls,
    status: a.status,
    ...(a.reason !== undefined ? { reason: a.reason } : {}),
  };
}

function reportDocument(report: RemediationReport): Record<string, unknown> {
  return {
    accountId: report.accountId,
    region: report.region,
    applied: report.applied,
    actions: report.actions.map(jsonAction),
    ...(report.errors.length ? { errors: report.errors } : {}),
  };
}

function toRemediationJson(report: RemediationReport): string {
  return `${JSON.stringify(reportDocument(report), null, 2)}\n`;
}

const STATUSES = ["planned", "applied", "skipped", "failed"] as const;

function toRemediationTable(report: RemediationReport): string {
  const mode = report.applied ? "applied" : "dry run: nothing changed; add --apply to act";
  const lines = [`Remediation of account ${report.accountId} in ${report.region} (${mode})`, ""];
  if (report.actions.length === 0) lines.push("  nothing to remediate");
  for (const a of report.actions) {
    lines.push(
      `  ${a.status.padEnd(8)} ${a.rule}  ${display(a.resourceName ?? a.resourceId)}: ${display(a.action)}`,
    );
    for (const call of a.calls) lines.push(`           ${display(call)}`);
    if (a.reason) lines.push(`           ${a.status === "failed" ? "error" : "why"}: ${display(a.reason)}`);
  }
  for (const e of report.errors) lines.push(`  error    ${e.rule}: ${display(e.message)}`);
  const counts = STATUSES.map((s) => [s, report.actions.filter((a) => a.status === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  lines.push("", `Total: ${counts.length ? counts.join(", ") : "no action"}`, "");
  return lines.join("\n");
}

export type { RemediationReport };
export { reportDocument, toRemediationJson, toRemediationTable };
