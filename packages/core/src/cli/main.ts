import { describeError } from "../errors.js";
import { type AuditOptions, parseAuditArgs, USAGE } from "./args.js";
import { type CliIo, EXIT, fail, runAudit } from "./audit.js";
import { doctorCommand } from "./doctor.js";
import { explainCommand } from "./explain.js";
import { remediateMain } from "./remediate.js";
import { rulesCommand } from "./rules.js";

/** The commands beside `audit`: each returns its output, or throws a UsageError. */
const DOC_COMMANDS: Record<string, (argv: readonly string[]) => string> = {
  rules: rulesCommand,
  explain: explainCommand,
};

/**
 * `migration-guard audit`: run the rules locally, against a live account (default credential
 * chain and region; AWS_ENDPOINT_URL honoured) or a snapshot file, without deploying anything.
 * Arguments: cli/args.ts; the audit and its exit codes: cli/audit.ts; the report: cli/format.ts
 * (one account) and cli/format-accounts.ts (across accounts).
 *
 * Exit codes: 0 nothing NON_COMPLIANT (or --exit-zero), 1 something NON_COMPLIANT,
 * 2 bad input (usage, snapshot, parameter), 3 AWS access failed.
 */

/** Run the CLI; returns the exit code. Never throws. */
async function main(
  argv: readonly string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env },
): Promise<number> {
  if (argv[0] === "remediate") return remediateMain(argv, io);
  const command = argv[0] !== undefined ? DOC_COMMANDS[argv[0]] : undefined;
  if (command && Object.hasOwn(DOC_COMMANDS, argv[0] as string)) {
    try {
      io.stdout.write(command(argv.slice(1)));
      return EXIT.ok;
    } catch (error) {
      return fail(io, EXIT.badInput, `${describeError(error)} (see --help)`);
    }
  }
  if (argv[0] === "doctor") return doctorCommand(argv.slice(1), io);
  let options: AuditOptions | "help";
  try {
    options = parseAuditArgs(argv);
  } catch (error) {
    return fail(io, EXIT.badInput, `${describeError(error)} (see --help)`);
  }
  if (options === "help") {
    io.stdout.write(USAGE);
    return EXIT.ok;
  }
  return runAudit(options, io);
}

export type { CliIo };
export { EXIT, main, USAGE };
