import type { Compliance } from "../rules/types.js";
import { display } from "../util/display.js";
import { CSP, SCRIPT, STYLE } from "./html-assets.js";
import { countResults, type ExportInput, type ReportResult, SEVERITIES, severityRank } from "./results.js";

/**
 * `--format html`: one self-contained page (inline style and script, a Content-Security-Policy that
 * allows no request to any host). The summary (counts by severity and compliance, a bar per rule),
 * filters, then the results: NON_COMPLIANT first (most severe first), each with its annotation, the
 * rule's remediation and the source sentence it enforces. Every value is HTML-escaped.
 */

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text safe in HTML content and in quoted attribute values. */
function escapeHtml(text: string): string {
  return display(text).replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
}

const ORDER: Record<Compliance, number> = { NON_COMPLIANT: 0, COMPLIANT: 1, NOT_APPLICABLE: 2 };
const LABEL: Record<Compliance, string> = {
  NON_COMPLIANT: "Non-compliant",
  COMPLIANT: "Compliant",
  NOT_APPLICABLE: "Not applicable",
};

function sorted(results: readonly ReportResult[]): ReportResult[] {
  return [...results].sort(
    (a, b) =>
      ORDER[a.evaluation.compliance] - ORDER[b.evaluation.compliance] ||
      severityRank(b.rule?.severity ?? "low") - severityRank(a.rule?.severity ?? "low") ||
      a.evaluation.rule.localeCompare(b.evaluation.rule) ||
      (a.evaluation.resourceName ?? a.evaluation.resourceId).localeCompare(
        b.evaluation.resourceName ?? b.evaluation.resourceId,
      ),
  );
}

function summary(results: readonly ReportResult[]): string {
  const { compliance, nonCompliantBySeverity } = countResults(results.map((r) => r.evaluation));
  const card = (cls: string, n: number, label: string) =>
    `<div class="card ${cls}"><b>${n}</b>${escapeHtml(label)}</div>`;
  const bySeverity = [...SEVERITIES]
    .reverse()
    .map((s) => `<div class="card"><b class="sev-${s}">${nonCompliantBySeverity[s]}</b>${s}</div>`)
    .join("");
  return `<section id="summary"><h2>Summary</h2>
<div class="cards">${card("fail", compliance.NON_COMPLIANT, "non-compliant")}${card("pass", compliance.COMPLIANT, "compliant")}${card("na", compliance.NOT_APPLICABLE, "not applicable")}</div>
<h2 style="margin-top:12px">Non-compliant by severity</h2><div class="cards">${bySeverity}</div></section>`;
}

/** A bar per rule: its non-compliant, compliant and not-applicable shares. */
function chart(results: readonly ReportResult[]): string {
  const byRule = new Map<string, Record<Compliance, number>>();
  for (const { evaluation: e } of results) {
    const counts = byRule.get(e.rule) ?? { NON_COMPLIANT: 0, COMPLIANT: 0, NOT_APPLICABLE: 0 };
    counts[e.compliance]++;
    byRule.set(e.rule, counts);
  }
  const rows = [...byRule]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([rule, c]) => {
      const total = c.NON_COMPLIANT + c.COMPLIANT + c.NOT_APPLICABLE;
      const pct = (n: number) => ((100 * n) / total).toFixed(1);
      return `<tr><td>${escapeHtml(rule)}</td><td><div class="bar" role="img" aria-label="${c.NON_COMPLIANT} non-compliant, ${c.COMPLIANT} compliant, ${c.NOT_APPLICABLE} not applicable"><span class="fail" style="width:${pct(c.NON_COMPLIANT)}%"></span><span class="pass" style="width:${pct(c.COMPLIANT)}%"></span><span class="na" style="width:${pct(c.NOT_APPLICABLE)}%"></span></div></td><td class="small muted">${c.NON_COMPLIANT} non-compliant · ${c.COMPLIANT} compliant${c.NOT_APPLICABLE ? ` · ${c.NOT_APPLICABLE} not applicable` : ""}</td></tr>`;
    });
  return `<section id="rules"><h2>Results per rule</h2><table class="chart">${rows.join("") || '<tr><td class="muted">No resources in scope.</td></tr>'}</table></section>`;
}

function filters(results: readonly ReportResult[]): string {
  const rules = [...new Set(results.map((r) => r.evaluation.rule))].sort();
  const statuses = (["NON_COMPLIANT", "COMPLIANT", "NOT_APPLICABLE"] as const)
    .map((c) => `<label><input type="checkbox" name="compliance" value="${c}" checked> ${LABEL[c]}</label>`)
    .join("");
  return `<form id="filters" class="filters" onsubmit="return false">${statuses}
<label>Severity at least <select name="severity"><option value="low">low</option><option value="medium">medium</option><option value="high">high</option><option value="critical">critical</option></select></label>
<label>Rule <select name="rule"><option value="">all rules</option>${rules.map((r) => `<option value="${escapeHtml(r)}">${escapeHtml(r)}</option>`).join("")}</select></label>
<label>Search <input type="search" name="text" placeholder="name, id, annotation"></label>
<span class="muted"><span id="shown">${results.length}</span> of ${results.length} shown</span></form>`;
}

function resultRow(result: ReportResult): string {
  const e = result.evaluation;
  const rule = result.rule;
  const severity = rule?.severity ?? "medium";
  const detail =
    e.compliance === "NON_COMPLIANT" && rule
      ? `<div class="small"><b>Remediation:</b> ${escapeHtml(rule.remediation)}</div><blockquote class="small">${escapeHtml(rule.source.text)} <span class="muted">(${escapeHtml(rule.source.document)})</span></blockquote>`
      : "";
  return `<tr class="result" data-compliance="${e.compliance}" data-severity="${severity}" data-rule="${escapeHtml(e.rule)}">
<td><span class="status ${e.compliance}">${LABEL[e.compliance]}</span></td><td class="sev-${severity}">${severity}</td>
<td>${escapeHtml(e.rule)}</td><td><b>${escapeHtml(e.resourceName ?? e.resourceId)}</b><div class="id">${escapeHtml(e.resourceType)} · ${escapeHtml(e.resourceId)}${result.accountId ? ` · ${escapeHtml(result.accountId)}` : ""}</div></td>
<td>${escapeHtml(e.annotation)}${detail}</td></tr>`;
}

function toHtml(input: ExportInput): string {
  const where = input.accountId
    ? `account ${input.accountId}, ${input.region}`
    : `${new Set(input.results.map((r) => r.accountId)).size} account(s), ${input.region}`;
  const results = sorted(input.results);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>migration-guard audit — ${escapeHtml(where)}</title><style>${STYLE}</style></head>
<body><header><h1>migration-guard audit</h1><p>${escapeHtml(where)}, evaluated at ${escapeHtml(input.evaluatedAt.toISOString())}</p></header>
<main>${summary(results)}${chart(results)}
<section id="results"><h2>Resources</h2>${filters(results)}
<table><thead><tr><th>Status</th><th>Severity</th><th>Rule</th><th>Resource</th><th>Annotation</th></tr></thead>
<tbody>${results.map(resultRow).join("\n")}</tbody></table></section></main>
<script>${SCRIPT}</script></body></html>
`;
}

export { escapeHtml, toHtml };
