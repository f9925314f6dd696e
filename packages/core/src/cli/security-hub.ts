import type { AwsCredentialIdentityProvider } from "@aws-sdk/types";
import { importFindings, securityHubClient } from "../aws/security-hub.js";
import type { Evaluation } from "../config/evaluation.js";
import { describeError } from "../errors.js";
import { toAsffFindings } from "../report/asff.js";
import { exportResults } from "../report/results.js";
import { excerpt } from "../util/excerpt.js";
import type { CliIo } from "./audit.js";

/**
 * `audit --security-hub`: each audited account's results (those the export formats carry) imported
 * into Security Hub as ASFF findings, with that account's credentials (the caller's for one account,
 * the assumed `--role-name` role across accounts). Progress and failures go to stderr.
 */

interface AccountResults {
  accountId: string;
  region: string;
  evaluatedAt: Date;
  evaluations: readonly Evaluation[];
}

/** Imports every account's findings; returns false when a finding or an account could not be imported. */
async function importToSecurityHub(
  audits: readonly AccountResults[],
  includeNotApplicable: boolean,
  io: CliIo,
  credentialsFor?: (accountId: string) => AwsCredentialIdentityProvider,
): Promise<boolean> {
  let ok = true;
  for (const audit of audits) {
    const findings = toAsffFindings({
      results: exportResults(audit, includeNotApplicable),
      accountId: audit.accountId,
      region: audit.region,
      evaluatedAt: audit.evaluatedAt,
    });
    if (findings.length === 0) continue;
    const credentials = credentialsFor?.(audit.accountId);
    const client = io.securityHub
      ? io.securityHub(audit.accountId, audit.region, credentials)
      : securityHubClient(audit.region, credentials);
    const where = `account ${audit.accountId}, ${audit.region}`;
    try {
      const result = await importFindings(client, findings as never);
      io.stderr.write(`migration-guard: Security Hub: ${result.imported} finding(s) imported (${where})\n`);
      if (result.failed.length > 0) {
        ok = false;
        io.stderr.write(
          `migration-guard: Security Hub: ${result.failed.length} finding(s) not imported after retries (${where}):\n`,
        );
        for (const f of result.failed.slice(0, 20))
          io.stderr.write(
            `  ${f.Id}: ${excerpt(f.ErrorCode ?? "", 60)}: ${excerpt(f.ErrorMessage ?? "", 160)}\n`,
          );
        if (result.failed.length > 20) io.stderr.write(`  … and ${result.failed.length - 20} more\n`);
      }
    } catch (error) {
      ok = false;
      io.stderr.write(`migration-guard: Security Hub (${where}): ${describeError(error)}\n`);
    }
  }
  return ok;
}

export { importToSecurityHub };
