import type { AwsClients } from "../aws/clients.js";
import { assumeRoleClientOf, MemberAccess } from "../aws/member-access.js";
import { listActiveAccounts, type OrganizationAccount } from "../aws/organization.js";
import { LiveSource } from "../aws/source.js";
import type { Evaluation } from "../config/evaluation.js";
import { evaluateAll } from "../config/evaluator.js";
import { describeError } from "../errors.js";
import type { AnyRule } from "../rules/types.js";
import { mapWithConcurrency } from "../util/concurrency.js";
import { display, displayLine } from "../util/display.js";
import type { AccountAudit, MultiAccountReport } from "./format-accounts.js";

/**
 * `migration-guard audit --role-name NAME --accounts a,b | --organization`: the same audit in each
 * account, reached by assuming NAME there. Accounts run a few at a time; a failing account is
 * reported and the others still complete. One report covers them all.
 */

interface AccountsOptions {
  roleName: string;
  /** The accounts to audit, or every ACTIVE account of the organization. */
  accounts: readonly string[] | "organization";
  concurrency: number;
}

interface MultiAccountRun {
  base: AwsClients;
  rules: readonly AnyRule[];
  paramsByRule: ReadonlyMap<string, Record<string, unknown>>;
  now: Date;
  /** The report as written to stdout. */
  render(report: MultiAccountReport): string;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** Audit one account with its own clients: every rule, a failing rule reported beside the others. */
async function auditAccount(
  account: OrganizationAccount,
  members: MemberAccess,
  run: MultiAccountRun,
): Promise<AccountAudit> {
  const audit: AccountAudit = { ...account, evaluations: [], errors: [] };
  let source: LiveSource;
  try {
    source = new LiveSource(await members.clients(account.accountId));
  } catch (error) {
    audit.failure = describeError(error);
    return audit;
  }
  const evaluations: Evaluation[] = [];
  for (const rule of run.rules) {
    try {
      const results = await evaluateAll(rule, run.paramsByRule.get(rule.name) ?? {}, source, run.now);
      for (const result of results) evaluations.push(result);
    } catch (error) {
      audit.errors.push({ rule: rule.name, message: describeError(error) });
    }
  }
  audit.evaluations = evaluations;
  return audit;
}

/**
 * Run the audit across accounts and write the report. Returns the audits in the order the
 * accounts were listed. Throws (before any account is audited) when the region cannot be resolved
 * or the organization's accounts cannot be listed.
 */
async function auditAccounts(
  options: AccountsOptions,
  run: MultiAccountRun,
): Promise<MultiAccountReport & { members: MemberAccess }> {
  const region = await run.base.region();
  const accounts: OrganizationAccount[] =
    options.accounts === "organization"
      ? await listActiveAccounts(run.base)
      : options.accounts.map((accountId) => ({ accountId, name: undefined }));
  const members = new MemberAccess({ roleName: options.roleName, region, sts: assumeRoleClientOf(run.base) });
  run.stderr.write(
    `migration-guard: auditing ${accounts.length} account(s) with role ${options.roleName}, ${options.concurrency} at a time\n`,
  );
  let done = 0;
  const audits = await mapWithConcurrency(accounts, options.concurrency, async (account) => {
    const audit = await auditAccount(account, members, run);
    done++;
    const label = `account ${account.accountId}${account.name ? ` (${display(account.name)})` : ""}`;
    const status = audit.failure
      ? `failed: ${displayLine(audit.failure)}`
      : `${audit.evaluations.length} result(s)${audit.errors.length ? `, ${audit.errors.length} rule(s) not evaluated` : ""}`;
    run.stderr.write(`[${done}/${accounts.length}] ${label}: ${status}\n`);
    return audit;
  });
  const report: MultiAccountReport = { region, evaluatedAt: run.now, accounts: audits };
  run.stdout.write(run.render(report));
  return { ...report, members };
}

/** An account failed when it could not be reached or one of its rules could not be evaluated. */
function accountFailed(audit: AccountAudit): boolean {
  return audit.failure !== undefined || audit.errors.length > 0;
}

export type { AccountsOptions, MultiAccountRun };
export { accountFailed, auditAccounts };
