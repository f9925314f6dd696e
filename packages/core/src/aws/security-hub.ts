import {
  type AwsSecurityFinding,
  BatchImportFindingsCommand,
  type BatchImportFindingsCommandOutput,
  type ImportFindingsError,
  SecurityHubClient,
} from "@aws-sdk/client-securityhub";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@aws-sdk/types";
import { classifyAwsError } from "./errors.js";

/**
 * `migration-guard audit --security-hub`: ASFF findings imported with Security Hub's
 * BatchImportFindings (CLI only; no deployed function imports this). Source: botocore's securityhub
 * model — BatchImportFindingsRequestFindingList max 100; the response's FailedFindings name each
 * finding that was not imported (Id, ErrorCode, ErrorMessage); the caller's account must be the
 * findings' AwsAccountId when the default product ARN is used, so each account's findings are sent
 * with that account's credentials.
 */

const BATCH_SIZE = 100;
const ATTEMPTS = 3;

interface ImportResult {
  imported: number;
  /** Findings still not imported after every attempt, with Security Hub's reason. */
  failed: ImportFindingsError[];
}

interface ImportOptions {
  /** Attempts for a finding Security Hub reports as failed (default 3). */
  attempts?: number;
  /** Wait before a retry (default: 250 ms times the attempt). */
  sleep?: (ms: number) => Promise<void>;
}

function securityHubClient(
  region: string,
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider,
): SecurityHubClient {
  return new SecurityHubClient({
    region,
    retryMode: "adaptive",
    maxAttempts: 3,
    ...(credentials ? { credentials } : {}),
  });
}

/** Import the findings in batches of 100; findings Security Hub reports as failed are retried. */
async function importFindings(
  client: { send(command: BatchImportFindingsCommand): Promise<BatchImportFindingsCommandOutput> },
  findings: readonly AwsSecurityFinding[],
  options: ImportOptions = {},
): Promise<ImportResult> {
  const attempts = options.attempts ?? ATTEMPTS;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let imported = 0;
  let pending = [...findings];
  let failed: ImportFindingsError[] = [];
  for (let attempt = 1; attempt <= attempts && pending.length > 0; attempt++) {
    if (attempt > 1) await sleep(250 * (attempt - 1));
    failed = [];
    for (let i = 0; i < pending.length; i += BATCH_SIZE) {
      const batch = pending.slice(i, i + BATCH_SIZE);
      let output: BatchImportFindingsCommandOutput;
      try {
        output = await client.send(new BatchImportFindingsCommand({ Findings: batch }));
      } catch (error) {
        throw classifyAwsError(error, "securityhub:BatchImportFindings");
      }
      imported += output.SuccessCount ?? 0;
      failed.push(...(output.FailedFindings ?? []));
    }
    const failedIds = new Set(failed.map((f) => f.Id));
    pending = pending.filter((f) => failedIds.has(f.Id));
  }
  return { imported, failed };
}

export type { ImportOptions, ImportResult };
export { BATCH_SIZE, importFindings, securityHubClient };
