import { type ErrorKind, MalformedInputError, MigrationGuardError } from "../errors.js";

/**
 * The checks of cross-account access: account ids and role names given to it, and results
 * refused when they name another account than the one being reported (member-access.ts holds the
 * credentials).
 */

const ACCOUNT_ID = /^\d{12}$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/** Thrown when an account id is not 12 digits; `what` names where it came from. */
function checkAccountId(value: string, what: string): string {
  if (!ACCOUNT_ID.test(value)) {
    throw new MalformedInputError(
      `${what} ${JSON.stringify(value.slice(0, 40))} is not an AWS account id (12 digits)`,
    );
  }
  return value;
}

/** Thrown when a role name is not a valid IAM role name (an ARN or a path is named as such). */
function checkRoleName(value: string, what: string): string {
  if (value.startsWith("arn:")) {
    throw new MalformedInputError(`${what}: give the role name, not its ARN (e.g. migration-guard-member)`);
  }
  if (!ROLE_NAME.test(value)) {
    throw new MalformedInputError(
      `${what} ${JSON.stringify(value.slice(0, 80))} is not an IAM role name (1-64 letters, digits and +=,.@_-)`,
    );
  }
  return value;
}

/** A member account could not be reached through its role, or answered as another account. */
class MemberAccessError extends MigrationGuardError {
  readonly kind: ErrorKind;
  readonly accountId: string;
  readonly roleArn: string | undefined;

  constructor(
    message: string,
    details: { accountId: string; roleArn?: string; kind: ErrorKind; cause?: unknown },
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = details.kind;
    this.accountId = details.accountId;
    this.roleArn = details.roleArn;
  }
}

/** The account in an ARN (`arn:partition:service:region:ACCOUNT:resource`), if any. */
function arnAccount(arn: string | undefined): string | undefined {
  const account = arn?.split(":")[4];
  return account && ACCOUNT_ID.test(account) ? account : undefined;
}

/**
 * Refuse results that name another account than the one being reported: a configuration item's
 * `awsAccountId`, or the account field of a resource ARN used as the resource id.
 */
function assertResultsInAccount(
  accountId: string,
  results: readonly { resourceId: string }[],
  itemAccountId?: string,
): void {
  const stray =
    itemAccountId !== undefined && itemAccountId !== accountId
      ? `the configuration item is from account ${itemAccountId}`
      : results
          .map((r) => ({
            id: r.resourceId,
            account: r.resourceId.startsWith("arn:") ? arnAccount(r.resourceId) : undefined,
          }))
          .filter((r) => r.account !== undefined && r.account !== accountId)
          .map((r) => `${r.id} is in account ${r.account}`)[0];
  if (stray) {
    throw new MemberAccessError(`refusing to report for account ${accountId}: ${stray}`, {
      accountId,
      kind: "internal",
    });
  }
}

export { arnAccount, assertResultsInAccount, checkAccountId, checkRoleName, MemberAccessError };
