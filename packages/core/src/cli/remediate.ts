import { parseArgs } from "node:util";
import { AwsClients } from "../aws/clients.js";
import { classifyAwsError } from "../aws/errors.js";
import { assumeRoleClientOf, MemberAccess } from "../aws/member-access.js";
import { listActiveAccounts } from "../aws/organization.js";
import { LiveSource } from "../aws/source.js";
import { describeError, isMigrationGuardError, UsageError } from "../errors.js";
import { executeAll } from "../remediate/executor.js";
import { planRule, remediationOf } from "../remediate/plan.js";
import {
  type RemediationReport,
  reportDocument,
  toRemediationJson,
  toRemediationTable,
} from "../remediate/report.js";
import {
  type ActionResult,
  DEFAULT_GRACE_DAYS,
  type PlannedAction,
  type RemediationValues,
} from "../remediate/types.js";
import { remediationValues } from "../remediate/values.js";
import { RULES } from "../rules/index.js";
import { parseParameters } from "../rules/params.js";
import type { AnyRule } from "../rules/types.js";
import type { AccountsOptions } from "./accounts.js";
import { parseAuditArgs, REMEDIATE_FLAGS } from "./args.js";
import { type CliIo, EXIT, fail } from "./audit.js";

/**
 * `migration-guard remediate`: evaluate like `audit` (live account), plan the remediation of each
 * NON_COMPLIANT resource, and print the plan; with `--apply`, carry it out (remediate/executor.ts,
 * which re-reads the live state first). Across accounts with --role-name, one account at a time.
 *
 * Exit codes: 0 nothing left to do (or all applied), 1 a dry run planned changes, 2 bad input,
 * 3 an action failed or AWS access failed (the other actions still run).
 */

const REMEDIATE_USAGE = `Usage: migration-guard remediate [options]

Evaluates the rules that have a remediation against the live account (as audit does) and prints
the plan: each action, the calls it makes, and whether the live state still calls for it.
Nothing changes without --apply. Before each action the live state is read again; an action whose
finding no longer holds is skipped.

Options:
  --apply                carry the plan out (default: dry run)
  --rules a,b            rules to remediate (default: every rule with a remediation)
  --param rule.name=V    set a rule parameter (repeatable)
  --now ISO              evaluation time (default: now)
  --format table|json    output format (default: table)
  --region REGION        AWS region (default: from the environment)
  --expires DATE         expiry date (YYYY-MM-DD) of the boundary for mgn-agent-key-expiry
                         (default: the key's creation plus maxKeyLifetimeDays)
  --grace-days N         a boundary never expires earlier than now plus N days (default: ${DEFAULT_GRACE_DAYS})
  --ebs-kms-key ARN      KMS key for MGN EBS encryption (mgn-replication-settings)
  --private-routing      MGN private data routing and no public IP (needs private connectivity)
  --role-name NAME       remediate other accounts by assuming NAME (with --accounts or --organization),
                         one account at a time
  --accounts a,b         the 12-digit account ids, with --role-name
  --organization         every ACTIVE account of the organization, with --role-name
  -h, --help             show this help

Rules: ${RULES.filter((r) => remediationOf(r.name))
  .map((r) => r.name)
  .join(", ")}
Exit codes: 0 nothing to do (or all applied), 1 a dry run planned changes, 2 bad input,
3 an action failed or AWS access failed (the other actions still run).
`;

interface RemediateOptions {
  rules: AnyRule[];
  params: Map<string, Record<string, string>>;
  now: Date | undefined;
  format: "table" | "json";
  region: string | undefined;
  accounts?: AccountsOptions;
  apply: boolean;
  values: RemediationValues;
}

function parseRemediateArgs(argv: readonly string[]): RemediateOptions | "help" {
  let own: Record<string, unknown>;
  try {
    ({ values: own } = parseArgs({
      args: [...argv],
      options: REMEDIATE_FLAGS,
      strict: false,
      allowPositionals: true,
    }));
  } catch (error) {
    throw new UsageError(describeError(error));
  }
  for (const [name, spec] of Object.entries(REMEDIATE_FLAGS))
    if (spec.type === "string" && own[name] === true) throw new UsageError(`--${name} needs a value`);
  // The audit flags are parsed by audit's parser, without the remediate-only ones.
  const names = new Set(Object.keys(REMEDIATE_FLAGS).map((n) => `--${n}`));
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const name = arg.split("=")[0] ?? "";
    if (!names.has(name)) rest.push(i === 0 && arg === "remediate" ? "audit" : arg);
    else if (
      !arg.includes("=") &&
      REMEDIATE_FLAGS[name.slice(2) as keyof typeof REMEDIATE_FLAGS].type === "string"
    )
      i++;
  }
  for (const flag of ["--snapshot", "--capture", "--exit-zero"])
    if (rest.some((a) => a.split("=")[0] === flag))
      throw new UsageError(`${flag} does not apply to remediate (it reads the live account)`);
  const audit = parseAuditArgs(rest);
  if (audit === "help") return "help";
  if (audit.format !== "table" && audit.format !== "json")
    throw new UsageError(`--format ${audit.format} does not apply to remediate (table or json)`);
  for (const flag of ["--severity", "--include-not-applicable", "--security-hub"])
    if (rest.some((a) => a.split("=")[0] === flag))
      throw new UsageError(`${flag} does not apply to remediate`);
  const explicit = rest.some((a) => a.split("=")[0] === "--rules");
  const rules = explicit ? audit.rules : audit.rules.filter((r) => remediationOf(r.name));
  for (const rule of rules)
    if (!remediationOf(rule.name)) throw new UsageError(`--rules: ${rule.name} has no remediation`);
  return {
    rules,
    params: audit.params,
    now: audit.now,
    format: audit.format as "table" | "json",
    region: audit.region,
    ...(audit.accounts ? { accounts: audit.accounts } : {}),
    apply: own.apply === true,
    values: remediationValues(own),
  };
}

interface AccountRun {
  report: RemediationReport;
  code: number;
}

/** Plan and execute in one account: a failing rule or action is reported beside the others. */
async function remediateAccount(
  clients: AwsClients,
  accountId: string,
  region: string,
  options: RemediateOptions,
  paramsByRule: ReadonlyMap<string, Record<string, unknown>>,
): Promise<AccountRun> {
  const source = new LiveSource(clients);
  const now = options.now ?? new Date();
  const planned: PlannedAction[] = [];
  const errors: { rule: string; message: string }[] = [];
  let code: number = EXIT.ok;
  for (const rule of options.rules) {
    try {
      planned.push(
        ...(await planRule(rule, paramsByRule.get(rule.name) ?? {}, source, {
          now,
          values: options.values,
          scope: { accountId },
        })),
      );
    } catch (error) {
      errors.push({ rule: rule.name, message: describeError(error) });
      code =
        isMigrationGuardError(error) && error.kind === "customer"
          ? Math.max(code, EXIT.badInput)
          : EXIT.awsFailed;
    }
  }
  const actions: ActionResult[] = await executeAll(planned, clients, { apply: options.apply });
  if (actions.some((a) => a.status === "failed")) code = EXIT.awsFailed;
  else if (code === EXIT.ok && !options.apply && actions.some((a) => a.status === "planned"))
    code = EXIT.nonCompliant;
  return { report: { accountId, region, applied: options.apply, actions, errors }, code };
}

async function runRemediate(options: RemediateOptions, io: CliIo): Promise<number> {
  const paramsByRule = new Map<string, Record<string, unknown>>();
  try {
    for (const rule of options.rules)
      paramsByRule.set(
        rule.name,
        parseParameters(rule.name, rule.parameters, options.params.get(rule.name) ?? {}),
      );
    for (const name of options.params.keys())
      if (!options.rules.some((r) => r.name === name))
        throw new UsageError(`--param given for ${name}, which is not selected by --rules`);
  } catch (error) {
    return fail(io, EXIT.badInput, describeError(error));
  }
  const base = io.clients
    ? io.clients(options.region)
    : new AwsClients(options.region ? { region: options.region } : {});
  const runs: AccountRun[] = [];
  try {
    const region = await base.region();
    if (!options.accounts) {
      const accountId = await base.accountId().catch((error: unknown) => {
        throw classifyAwsError(error, "sts:GetCallerIdentity");
      });
      runs.push(await remediateAccount(base, accountId, region, options, paramsByRule));
    } else {
      const { roleName, accounts } = options.accounts;
      const ids =
        accounts === "organization" ? (await listActiveAccounts(base)).map((a) => a.accountId) : accounts;
      const members = new MemberAccess({ roleName, region, sts: assumeRoleClientOf(base) });
      // One account at a time: writes stay ordered and a failure is seen before the next account.
      for (const accountId of ids) {
        try {
          runs.push(
            await remediateAccount(
              await members.clients(accountId),
              accountId,
              region,
              options,
              paramsByRule,
            ),
          );
        } catch (error) {
          const message = describeError(error);
          runs.push({
            report: {
              accountId,
              region,
              applied: options.apply,
              actions: [],
              errors: [{ rule: "*", message }],
            },
            code: EXIT.awsFailed,
          });
        }
      }
    }
  } catch (error) {
    return fail(
      io,
      isMigrationGuardError(error) && error.kind === "customer" ? EXIT.badInput : EXIT.awsFailed,
      describeError(error),
    );
  }
  if (options.format === "json")
    io.stdout.write(
      options.accounts
        ? `${JSON.stringify({ applied: options.apply, accounts: runs.map((r) => reportDocument(r.report)) }, null, 2)}\n`
        : toRemediationJson(runs[0]?.report as RemediationReport),
    );
  else for (const run of runs) io.stdout.write(toRemediationTable(run.report));
  for (const run of runs)
    for (const e of run.report.errors) io.stderr.write(`migration-guard: ${e.rule}: ${e.message}\n`);
  return Math.max(EXIT.ok, ...runs.map((r) => r.code));
}

/** `migration-guard remediate …` (argv includes the command); returns the exit code. Never throws. */
async function remediateMain(argv: readonly string[], io: CliIo): Promise<number> {
  let options: RemediateOptions | "help";
  try {
    options = parseRemediateArgs(argv);
  } catch (error) {
    return fail(io, EXIT.badInput, `${describeError(error)} (see remediate --help)`);
  }
  if (options === "help") {
    io.stdout.write(REMEDIATE_USAGE);
    return EXIT.ok;
  }
  return runRemediate(options, io);
}

export type { RemediateOptions };
export { parseRemediateArgs, remediateMain };
