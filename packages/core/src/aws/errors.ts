import { AwsAccessDeniedError, AwsServiceError, isMigrationGuardError } from "../errors.js";

const ACCESS_DENIED = new Set([
  "AccessDenied",
  "AccessDeniedException",
  "UnauthorizedOperation",
  "AuthorizationError",
  "UnrecognizedClientException",
  "InvalidClientTokenId",
  "ExpiredToken",
  "ExpiredTokenException",
]);

/** Turn any error from an AWS call into a typed error that names the call. Never swallows. */
function classifyAwsError(error: unknown, action: string): Error {
  if (isMigrationGuardError(error)) return error;
  const name = (error as { name?: string })?.name ?? "Error";
  const message = (error as { message?: string })?.message ?? String(error);
  if (ACCESS_DENIED.has(name)) {
    return new AwsAccessDeniedError(
      `${action} was denied (${name}): grant ${action} to the credentials in use`,
      {
        cause: error,
      },
    );
  }
  return new AwsServiceError(`${action} failed: ${name}: ${message}`, { cause: error });
}

function errorName(error: unknown): string | undefined {
  return (error as { name?: string })?.name;
}

export { classifyAwsError, errorName };
