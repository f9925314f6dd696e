import { parseArgs } from "node:util";
import { checkAccountId, checkRoleName } from "../aws/member-checks.js";
import { describeError, UsageError } from "../errors.js";
import { type ExportFormat, isExportFormat } from "../report/index.js";
import { isSeverity, SEVERITIES } from "../report/results.js";
import { RULES } from "../rules/index.js";
import type { AnyRule, Severity } from "../rules/types.js";
import { quoted } from "../util/excerpt.js";
import type { AccountsOptions } from "./accounts.js";

/**
 * Argument parsing for `migration-guard audit` (node:util parseArgs): the usage text and the
 * validated options. Every mistake is a UsageError whose message names the option.
 */

const USAGE = `Usage: migration-guard audit [options]
       migration-guard rules [--format table|json]     list the rules and their metadata
       migration-guard explain RULE                    one rule in full
       migration-guard doctor [--region R] [--organization] [--format table|json]
                                                       read-only preflight of a deployment

Evaluates the migration-guard rules against an AWS account (live) or a snapshot file.

Options:
  --snapshot FILE        evaluate a captured account offline (JSON of raw AWS API outputs)
  --capture FILE         evaluate the live account and write what was read to FILE as a snapshot
  --rules a,b            rules to run (default: all)
  --param rule.name=V    set a rule parameter (repeatable)
  --now ISO              evaluation time (default: now; for a snapshot, its capturedAt)
  --format FORMAT        table, json, csv, ocsf, asff or html (default: table)
  --severity LEVEL       show only results of rules at least LEVEL severe (low, medium, high, critical);
                         the exit code then reflects only what is shown
  --include-not-applicable
                         also export NOT_APPLICABLE results (csv, ocsf, asff, html, --security-hub)
  --security-hub         import the results into AWS Security Hub as ASFF findings (live audit;
                         each account's with its own credentials: securityhub:BatchImportFindings)
  --region REGION        AWS region for a live audit (default: from the environment)
  --role-name NAME       audit other accounts by assuming role NAME in each (with --accounts or --organization)
  --accounts a,b         the 12-digit account ids to audit with --role-name
  --organization         audit every ACTIVE account of the organization (Organizations ListAccounts)
  --concurrency N        accounts audited at a time (default: 4, at most 32)
  --exit-zero            exit 0 even when something is NON_COMPLIANT
  -h, --help             show this help

Rules: ${RULES.map((r) => r.name).join(", ")}
Remediation: migration-guard remediate --help (plans fixes; changes nothing without --apply)
Exit codes: 0 compliant, 1 non-compliant found, 2 bad input, 3 AWS access failed.
Across accounts, 3 means an account could not be (fully) audited; the others are still reported.
`;

interface AuditOptions {
  snapshot: string | undefined;
  capture: string | undefined;
  rules: AnyRule[];
  params: Map<string, Record<string, string>>;
  now: Date | undefined;
  format: "table" | "json" | ExportFormat;
  /** Only results of rules at least this severe are shown (and count for the exit code). */
  severity: Severity | undefined;
  /** Export formats carry NOT_APPLICABLE results too. */
  includeNotApplicable: boolean;
  /** Import the results into Security Hub (live audits). */
  securityHub: boolean;
  region: string | undefined;
  exitZero: boolean;
  /** Audit across accounts (--role-name with --accounts or --organization). */
  accounts?: AccountsOptions;
}

function parseAuditArgs(argv: readonly string[]): AuditOptions | "help" {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        snapshot: { type: "string" },
        capture: { type: "string" },
        rules: { type: "string" },
        param: { type: "string", multiple: true },
        now: { type: "string" },
        format: { type: "string" },
        severity: { type: "string" },
        "include-not-applicable": { type: "boolean" },
        "security-hub": { type: "boolean" },
        region: { type: "string" },
        "role-name": { type: "string" },
        accounts: { type: "string" },
        organization: { type: "boolean" },
        concurrency: { type: "string" },
        "exit-zero": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UsageError(describeError(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return "help";
  const command = positionals[0];
  if (command !== "audit") {
    throw new UsageError(
      command === undefined
        ? "missing command: audit, rules, explain or doctor"
        : `unknown command ${JSON.stringify(command)}; expected audit, rules, explain or doctor`,
    );
  }
  if (positionals.length > 1) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[1])}`);
  const snapshot = values.snapshot as string | undefined;
  const capture = values.capture as string | undefined;
  if (snapshot && capture) throw new UsageError("--snapshot and --capture cannot be used together");
  if (snapshot && values["security-hub"])
    throw new UsageError(
      "--security-hub imports the findings of a live audit; it cannot be used with --snapshot",
    );

  let rules = [...RULES];
  if (typeof values.rules === "string") {
    const names = values.rules
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    if (names.length === 0) throw new UsageError("--rules: no rule named");
    rules = names.map((name) => {
      const rule = RULES.find((r) => r.name === name);
      if (!rule)
        throw new UsageError(
          `unknown rule ${JSON.stringify(name)}; known rules: ${RULES.map((r) => r.name).join(", ")}`,
        );
      return rule;
    });
  }

  const params = new Map<string, Record<string, string>>();
  for (const item of (values.param as string[] | undefined) ?? []) {
    const match = /^([a-z0-9-]+)\.([A-Za-z0-9]+)=(.*)$/s.exec(item);
    if (!match) throw new UsageError(`--param ${JSON.stringify(item)}: expected rule.name=value`);
    const [, ruleName = "", name = "", value = ""] = match;
    if (!RULES.some((r) => r.name === ruleName))
      throw new UsageError(`--param: unknown rule ${JSON.stringify(ruleName)}`);
    const forRule = params.get(ruleName) ?? {};
    forRule[name] = value;
    params.set(ruleName, forRule);
  }

  let now: Date | undefined;
  if (typeof values.now === "string") {
    now = new Date(values.now);
    if (Number.isNaN(now.getTime()))
      throw new UsageError(`--now ${JSON.stringify(values.now)}: expected an ISO-8601 time`);
  }
  const format = (values.format as string | undefined) ?? "table";
  if (format !== "table" && format !== "json" && !isExportFormat(format))
    throw new UsageError(`--format ${quoted(format)}: expected table, json, csv, ocsf, asff or html`);
  const severity = values.severity as string | undefined;
  if (severity !== undefined && !isSeverity(severity))
    throw new UsageError(`--severity ${quoted(severity)}: expected one of ${SEVERITIES.join(", ")}`);
  const accounts = parseAccountsArgs(values, snapshot, capture);
  return {
    snapshot,
    capture,
    rules,
    params,
    now,
    format,
    severity,
    includeNotApplicable: values["include-not-applicable"] === true,
    securityHub: values["security-hub"] === true,
    region: values.region as string | undefined,
    exitZero: values["exit-zero"] === true,
    ...(accounts ? { accounts } : {}),
  };
}

const DEFAULT_CONCURRENCY = 4;
const MAX_CONCURRENCY = 32;

/** --role-name, --accounts, --organization, --concurrency: validated together, or undefined for one account. */
function parseAccountsArgs(
  values: Record<string, unknown>,
  snapshot: string | undefined,
  capture: string | undefined,
): AccountsOptions | undefined {
  const roleName = values["role-name"] as string | undefined;
  const list = values.accounts as string | undefined;
  const organization = values.organization === true;
  const concurrencyText = values.concurrency as string | undefined;
  if (roleName === undefined) {
    if (list !== undefined || organization)
      throw new UsageError(
        `${organization ? "--organization" : "--accounts"} needs --role-name, the role to assume in each account`,
      );
    if (concurrencyText !== undefined) throw new UsageError("--concurrency applies only with --role-name");
    return undefined;
  }
  if (list === undefined && !organization)
    throw new UsageError("--role-name needs --accounts a,b or --organization");
  if (list !== undefined && organization)
    throw new UsageError("--accounts and --organization cannot be used together");
  if (snapshot || capture)
    throw new UsageError(
      `${snapshot ? "--snapshot" : "--capture"} audits one account; it cannot be used with --role-name`,
    );
  try {
    checkRoleName(roleName, "--role-name");
  } catch (error) {
    throw new UsageError(describeError(error));
  }
  let accounts: string[] | "organization" = "organization";
  if (list !== undefined) {
    const ids = list
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    if (ids.length === 0) throw new UsageError("--accounts: no account id given");
    try {
      for (const id of ids) checkAccountId(id, "--accounts:");
    } catch (error) {
      throw new UsageError(describeError(error));
    }
    accounts = [...new Set(ids)];
  }
  let concurrency = DEFAULT_CONCURRENCY;
  if (concurrencyText !== undefined) {
    concurrency = Number(concurrencyText);
    if (!/^\d+$/.test(concurrencyText) || concurrency < 1 || concurrency > MAX_CONCURRENCY)
      throw new UsageError(
        `--concurrency ${JSON.stringify(concurrencyText)}: expected a whole number from 1 to ${MAX_CONCURRENCY}`,
      );
  }
  return { roleName, accounts, concurrency };
}

/** `migration-guard remediate`: audit's flags plus these (cli/remediate.ts). */
const REMEDIATE_FLAGS = {
  apply: { type: "boolean" },
  expires: { type: "string" },
  "grace-days": { type: "string" },
  "ebs-kms-key": { type: "string" },
  "private-routing": { type: "boolean" },
} as const;

export type { AuditOptions };
export { parseAuditArgs, REMEDIATE_FLAGS, USAGE };
