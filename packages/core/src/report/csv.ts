import { display } from "../util/display.js";
import type { ExportInput, ReportResult } from "./results.js";

/**
 * `--format csv`: a header row and one row per result, RFC 4180 (fields with a comma, quote, CR or LF
 * quoted, quotes doubled, CRLF line ends). A cell starting with `=`, `+`, `-`, `@` (or a tab or CR,
 * which spreadsheets also strip before reading a formula) gets a leading `'`, so that a spreadsheet
 * shows it as text instead of running it as a formula (OWASP: CSV injection).
 */

const COLUMNS = [
  "accountId",
  "region",
  "rule",
  "severity",
  "resourceType",
  "resourceId",
  "resourceName",
  "compliance",
  "annotation",
] as const;

/** A cell a spreadsheet will not read as a formula. */
function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** One RFC 4180 field. */
function field(value: string): string {
  const cell = neutralise(value);
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

function row(result: ReportResult): string[] {
  const e = result.evaluation;
  return [
    result.accountId,
    result.region,
    e.rule,
    result.rule?.severity ?? "",
    e.resourceType,
    e.resourceId,
    display(e.resourceName ?? e.resourceId),
    e.compliance,
    display(e.annotation),
  ];
}

function toCsv(input: ExportInput): string {
  const lines = [COLUMNS.join(","), ...input.results.map((r) => row(r).map(field).join(","))];
  return `${lines.join("\r\n")}\r\n`;
}

export { COLUMNS as CSV_COLUMNS, toCsv };
