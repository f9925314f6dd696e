import { renderExport } from "../report/index.js";
import { atLeast, exportResults } from "../report/results.js";
import { summaryLine } from "../report/summary.js";
import type { AuditOptions } from "./args.js";
import { type AuditReport, toJson, toTable } from "./format.js";
import { type MultiAccountReport, toMultiAccountJson, toMultiAccountTable } from "./format-accounts.js";

/**
 * The audit's output in the chosen format: `--severity` keeps the results of rules at least that
 * severe (in every format, and so for the exit code); the table starts with a summary line; the
 * export formats (csv, ocsf, asff, html) come from report/.
 */

type OutputOptions = Pick<AuditOptions, "format" | "severity" | "includeNotApplicable">;

/** The report with only the results `--severity` shows. */
function shown(report: AuditReport, options: OutputOptions): AuditReport {
  return { ...report, evaluations: atLeast(report.evaluations, options.severity) };
}

function shownAccounts(report: MultiAccountReport, options: OutputOptions): MultiAccountReport {
  return {
    ...report,
    accounts: report.accounts.map((a) => ({ ...a, evaluations: atLeast(a.evaluations, options.severity) })),
  };
}

/** One account's report (already filtered with `shown`). */
function renderReport(report: AuditReport, options: OutputOptions, color: boolean): string {
  switch (options.format) {
    case "json":
      return toJson(report);
    case "table":
      return summaryLine(report.evaluations, color) + toTable(report, color);
    default:
      return renderExport(options.format, {
        results: exportResults(report, options.includeNotApplicable),
        accountId: report.accountId,
        region: report.region,
        evaluatedAt: report.evaluatedAt,
      });
  }
}

/** The report across accounts (already filtered with `shownAccounts`). */
function renderAccountsReport(report: MultiAccountReport, options: OutputOptions, color: boolean): string {
  switch (options.format) {
    case "json":
      return toMultiAccountJson(report);
    case "table":
      return (
        summaryLine(
          report.accounts.flatMap((a) => a.evaluations),
          color,
        ) + toMultiAccountTable(report, color)
      );
    default:
      return renderExport(options.format, {
        results: report.accounts.flatMap((a) =>
          exportResults(
            { ...a, region: report.region, evaluatedAt: report.evaluatedAt },
            options.includeNotApplicable,
          ),
        ),
        accountId: undefined,
        region: report.region,
        evaluatedAt: report.evaluatedAt,
      });
  }
}

export type { OutputOptions };
export { renderAccountsReport, renderReport, shown, shownAccounts };
