import { readFile } from "node:fs/promises";
import type { SecurityHubClient } from "@aws-sdk/client-securityhub";
import type { AwsCredentialIdentityProvider } from "@aws-sdk/types";
import { AwsClients } from "../aws/clients.js";
import { classifyAwsError } from "../aws/errors.js";
import type { PreflightReads } from "../aws/preflight.js";
import { type ApiSource, LiveSource, parseSnapshot, RecordingSource, SnapshotSource } from "../aws/source.js";
import type { Evaluation } from "../config/evaluation.js";
import { evaluateAll } from "../config/evaluator.js";
import { describeError, isMigrationGuardError, MalformedInputError, UsageError } from "../errors.js";
import { atLeast } from "../report/results.js";
import { parseParameters } from "../rules/params.js";
import { displayLine } from "../util/display.js";
import { writePrivateFile } from "../util/private-file.js";
import { type AccountsOptions, accountFailed, auditAccounts } from "./accounts.js";
import type { AuditOptions } from "./args.js";
import type { AuditReport } from "./format.js";
import { renderAccountsReport, renderReport, shown, shownAccounts } from "./output.js";
import { importToSecurityHub } from "./security-hub.js";

/**
 * Audit orchestration for `migration-guard audit`, once the arguments are parsed: validate rule
 * parameters, open the source (live account, snapshot file, or live with capture), run the rules,
 * write the report, and turn the outcome into an exit code.
 *
 * Exit codes: 0 nothing NON_COMPLIANT (or --exit-zero), 1 something NON_COMPLIANT,
 * 2 bad input (usage, snapshot, parameter), 3 AWS access failed.
 */

const EXIT = { ok: 0, nonCompliant: 1, badInput: 2, awsFailed: 3 } as const;

interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: Record<string, string | undefined>;
  /** Creates clients for a live audit (tests inject endpoints/credentials). */
  clients?: (region: string | undefined) => AwsClients;
  /** Creates the read-only clients of `doctor` (tests inject endpoints/credentials). */
  preflight?: (region: string | undefined) => PreflightReads;
  /** Creates the Security Hub client of `--security-hub` for an account (tests inject a mock or moto). */
  securityHub?: (
    accountId: string,
    region: string,
    credentials: AwsCredentialIdentityProvider | undefined,
  ) => Pick<SecurityHubClient, "send">;
}

/** Writes `migration-guard: message` to stderr and returns the exit code. */
function fail(io: CliIo, code: number, message: string): number {
  io.stderr.write(`migration-guard: ${displayLine(message)}\n`);
  return code;
}

function exitCodeFor(error: unknown): number {
  if (isMigrationGuardError(error) && error.kind === "customer") return EXIT.badInput;
  return EXIT.awsFailed;
}

async function loadSnapshotFile(file: string): Promise<SnapshotSource> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new MalformedInputError(
      `cannot read snapshot ${file}: ${(error as NodeJS.ErrnoException).code ?? describeError(error)}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new MalformedInputError(`snapshot ${file} is not valid JSON: ${describeError(error)}`);
  }
  try {
    return new SnapshotSource(parseSnapshot(json));
  } catch (error) {
    throw new MalformedInputError(`snapshot ${file}: ${describeError(error)}`);
  }
}

/** Runs the audit the options describe; returns the exit code. Never throws. */
async function runAudit(options: AuditOptions, io: CliIo): Promise<number> {
  // Parameters are validated before any AWS call.
  const paramsByRule = new Map<string, Record<string, unknown>>();
  try {
    for (const rule of options.rules) {
      paramsByRule.set(
        rule.name,
        parseParameters(rule.name, rule.parameters, options.params.get(rule.name) ?? {}),
      );
    }
    for (const ruleName of options.params.keys()) {
      if (!options.rules.some((r) => r.name === ruleName))
        throw new UsageError(`--param given for ${ruleName}, which is not selected by --rules`);
    }
  } catch (error) {
    return fail(io, EXIT.badInput, describeError(error));
  }
  if (options.accounts) return runAcrossAccounts(options, options.accounts, paramsByRule, io);
  return runOneAccount(options, paramsByRule, io);
}

/** The audit of one account (live, captured or from a snapshot). */
async function runOneAccount(
  options: AuditOptions,
  paramsByRule: Map<string, Record<string, unknown>>,
  io: CliIo,
): Promise<number> {
  let source: ApiSource;
  let accountId: string;
  let region: string;
  let now: Date;
  let recorder: RecordingSource | undefined;
  try {
    if (options.snapshot) {
      const snapshotSource = await loadSnapshotFile(options.snapshot);
      source = snapshotSource;
      ({ accountId, region } = snapshotSource.snapshot);
      now = options.now ?? new Date(snapshotSource.snapshot.capturedAt);
    } else {
      const clients = io.clients
        ? io.clients(options.region)
        : new AwsClients(options.region ? { region: options.region } : {});
      region = await clients.region();
      accountId = await clients.accountId().catch((error: unknown) => {
        throw classifyAwsError(error, "sts:GetCallerIdentity");
      });
      const live = new LiveSource(clients);
      source = live;
      if (options.capture) source = recorder = new RecordingSource(live);
      now = options.now ?? new Date();
    }
  } catch (error) {
    return fail(io, exitCodeFor(error), describeError(error));
  }

  const evaluations: Evaluation[] = [];
  const errors: { rule: string; message: string; code: number }[] = [];
  const progress = io.stderr.isTTY === true;
  for (const [index, rule] of options.rules.entries()) {
    if (progress) io.stderr.write(`[${index + 1}/${options.rules.length}] ${rule.name}…\n`);
    try {
      const results = await evaluateAll(rule, paramsByRule.get(rule.name) ?? {}, source, now, now, {
        accountId,
      });
      // A loop, not push(...results): an argument spread overflows the stack past ~120,000 results.
      for (const result of results) evaluations.push(result);
    } catch (error) {
      errors.push({ rule: rule.name, message: describeError(error), code: exitCodeFor(error) });
    }
  }

  if (recorder && options.capture) {
    try {
      await writePrivateFile(
        options.capture,
        `${JSON.stringify(recorder.toSnapshot(accountId, region, now), null, 2)}\n`,
      );
      io.stderr.write(`migration-guard: snapshot written to ${options.capture}\n`);
    } catch (error) {
      return fail(io, EXIT.badInput, `cannot write snapshot ${options.capture}: ${describeError(error)}`);
    }
  }

  const report: AuditReport = shown(
    {
      accountId,
      region,
      evaluatedAt: now,
      evaluations,
      errors: errors.map(({ rule, message }) => ({ rule, message })),
    },
    options,
  );
  io.stdout.write(renderReport(report, options, io.stdout.isTTY === true && !io.env.NO_COLOR));
  for (const e of errors) io.stderr.write(`migration-guard: ${e.rule}: ${displayLine(e.message)}\n`);
  if (options.securityHub && !(await importToSecurityHub([report], options.includeNotApplicable, io)))
    return EXIT.awsFailed;

  if (errors.length > 0) return errors.reduce((code, e) => Math.max(code, e.code), EXIT.ok as number);
  if (!options.exitZero && report.evaluations.some((e) => e.compliance === "NON_COMPLIANT"))
    return EXIT.nonCompliant;
  return EXIT.ok;
}

/** The audit across accounts: exit 3 when an account failed, otherwise the usual 0/1. */
async function runAcrossAccounts(
  options: AuditOptions,
  accounts: AccountsOptions,
  paramsByRule: Map<string, Record<string, unknown>>,
  io: CliIo,
): Promise<number> {
  const base = io.clients
    ? io.clients(options.region)
    : new AwsClients(options.region ? { region: options.region } : {});
  let run: Awaited<ReturnType<typeof auditAccounts>>;
  try {
    run = await auditAccounts(accounts, {
      base,
      rules: options.rules,
      paramsByRule,
      now: options.now ?? new Date(),
      render: (report) =>
        renderAccountsReport(
          shownAccounts(report, options),
          options,
          io.stdout.isTTY === true && !io.env.NO_COLOR,
        ),
      stdout: io.stdout,
      stderr: io.stderr,
    });
  } catch (error) {
    return fail(io, exitCodeFor(error), describeError(error));
  }
  const audits = run.accounts;
  if (options.securityHub) {
    const reached = shownAccounts(run, options).accounts.filter((a) => a.failure === undefined);
    const imported = await importToSecurityHub(
      reached.map((a) => ({ ...a, region: run.region, evaluatedAt: run.evaluatedAt })),
      options.includeNotApplicable,
      io,
      (accountId) => () => run.members.credentials(accountId),
    );
    if (!imported) return EXIT.awsFailed;
  }
  if (audits.some(accountFailed)) return EXIT.awsFailed;
  const nonCompliantShown = audits.some((a) =>
    atLeast(a.evaluations, options.severity).some((e) => e.compliance === "NON_COMPLIANT"),
  );
  if (!options.exitZero && nonCompliantShown) return EXIT.nonCompliant;
  return EXIT.ok;
}

export type { CliIo };
export { EXIT, fail, runAudit };
