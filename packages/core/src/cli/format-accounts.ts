import pc from "picocolors";
import type { Evaluation } from "../config/evaluation.js";
import { display, displayLine } from "../util/display.js";
import { jsonText, toJsonResult, toTable } from "./format.js";

/** The report of an audit across accounts: every account's results, each under its account id. */

interface AccountAudit {
  accountId: string;
  name: string | undefined;
  evaluations: Evaluation[];
  /** Rules that could not be evaluated in this account. */
  errors: { rule: string; message: string }[];
  /** Why the account could not be audited at all (its role could not be assumed). */
  failure?: string;
}

interface MultiAccountReport {
  region: string;
  evaluatedAt: Date;
  accounts: readonly AccountAudit[];
}

function status(audit: AccountAudit): "ok" | "failed" {
  return audit.failure !== undefined || audit.errors.length > 0 ? "failed" : "ok";
}

/**
 * JSON: `accounts` (id, name, status, error), `results` with an `accountId` on every result, and
 * `errors` (per account, per rule) when any.
 */
function toMultiAccountJson(report: MultiAccountReport): string {
  const errors = report.accounts.flatMap((a) => [
    ...(a.failure !== undefined ? [{ accountId: a.accountId, message: displayLine(a.failure) }] : []),
    ...a.errors.map((e) => ({ accountId: a.accountId, rule: e.rule, message: displayLine(e.message) })),
  ]);
  const doc = {
    region: report.region,
    evaluatedAt: report.evaluatedAt.toISOString(),
    accounts: report.accounts.map((a) => ({
      accountId: a.accountId,
      ...(a.name !== undefined ? { name: display(a.name) } : {}),
      status: status(a),
      results: a.evaluations.length,
      ...(a.failure !== undefined ? { error: displayLine(a.failure) } : {}),
    })),
    results: report.accounts.flatMap((a) =>
      a.evaluations.map((e) => ({ accountId: a.accountId, ...toJsonResult(e) })),
    ),
    ...(errors.length ? { errors } : {}),
  };
  return jsonText(doc);
}

/** Table: the single-account table once per account, a failed account's reason, then a summary. */
function toMultiAccountTable(report: MultiAccountReport, color: boolean): string {
  const c = pc.createColors(color);
  const sections: string[] = [];
  for (const audit of report.accounts) {
    const title = c.dim(`── ${audit.accountId}${audit.name ? ` (${display(audit.name)})` : ""} ──`);
    if (audit.failure !== undefined) {
      sections.push(`${title}\n${c.yellow(`not audited: ${displayLine(audit.failure)}`)}\n`);
      continue;
    }
    sections.push(
      `${title}\n${toTable(
        {
          accountId: audit.accountId,
          region: report.region,
          evaluatedAt: report.evaluatedAt,
          evaluations: audit.evaluations,
          errors: audit.errors,
        },
        color,
      )}`,
    );
  }
  const all = report.accounts.flatMap((a) => a.evaluations);
  const count = (compliance: Evaluation["compliance"]) =>
    all.filter((e) => e.compliance === compliance).length;
  const failed = report.accounts.filter((a) => status(a) === "failed").length;
  sections.push(
    `${c.bold(`All ${report.accounts.length} account(s):`)} ${c.red(`${count("NON_COMPLIANT")} non-compliant`)}, ${c.green(`${count("COMPLIANT")} compliant`)}, ${count("NOT_APPLICABLE")} not applicable${failed ? c.yellow(`, ${failed} account(s) failed`) : ""}\n`,
  );
  return sections.join("\n");
}

export type { AccountAudit, MultiAccountReport };
export { toMultiAccountJson, toMultiAccountTable };
