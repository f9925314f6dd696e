/**
 * Typed errors, sorted the way aws-config-rdklib sorts them: what the customer must fix
 * (bad event, bad parameter, bad snapshot), what access the function lacks, and what failed
 * inside AWS or inside migration-guard. Every error carries a message a person can act on;
 * the handler and the CLI print that message, never a bare stack trace.
 */

type ErrorKind = "customer" | "access-denied" | "internal";

abstract class MigrationGuardError extends Error {
  abstract readonly kind: ErrorKind;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The Config event (or one of its JSON fields) is missing or malformed. */
class InvalidEventError extends MigrationGuardError {
  readonly kind = "customer";
}

/** A rule parameter has a value the rule cannot accept. */
class InvalidParameterError extends MigrationGuardError {
  readonly kind = "customer";
}

/** Input data (a snapshot file, a configuration item, an API payload) does not have the expected shape. */
class MalformedInputError extends MigrationGuardError {
  readonly kind = "customer";
}

/** Command-line usage error (unknown rule, unknown option). */
class UsageError extends MigrationGuardError {
  readonly kind = "customer";
}

/** The caller's credentials are not allowed to make an AWS call the rule needs. */
class AwsAccessDeniedError extends MigrationGuardError {
  readonly kind = "access-denied";
}

/** An AWS call failed for another reason (after retries): service error, throttling, network. */
class AwsServiceError extends MigrationGuardError {
  readonly kind = "internal";
}

function isMigrationGuardError(error: unknown): error is MigrationGuardError {
  return error instanceof MigrationGuardError;
}

/** The one-line message to show a person for any thrown value. */
function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

export type { ErrorKind };
export {
  AwsAccessDeniedError,
  AwsServiceError,
  describeError,
  InvalidEventError,
  InvalidParameterError,
  isMigrationGuardError,
  MalformedInputError,
  MigrationGuardError,
  UsageError,
};
