import { inject } from "vitest";
import { AwsClients } from "../../packages/core/src/aws/clients.js";

/**
 * Clients pointed at the moto server started by test/setup/moto.ts. Each test file passes its
 * own 12-digit account id, sent as moto's `x-moto-account-id` header: moto keys its state by
 * account, so files never collide.
 */
function motoEndpoint(): string {
  return inject("motoEndpoint");
}

function motoEnv(accountId: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: motoEndpoint(),
    AWS_ACCESS_KEY_ID: accountId,
    AWS_SECRET_ACCESS_KEY: "moto-secret-not-real",
    AWS_REGION: "us-east-1",
  };
}

/** Point the SDK's environment-driven configuration at moto, as a user would with AWS_ENDPOINT_URL. */
function useMotoEnvironment(accountId: string): void {
  for (const [k, v] of Object.entries(motoEnv(accountId))) process.env[k] = v;
  delete process.env.AWS_PROFILE;
}

/** Middleware that makes moto treat the request as coming from `accountId`. */
function motoAccountHeader(accountId: string) {
  return (client: { middlewareStack: { add: (...args: never[]) => unknown } }) => {
    const add = client.middlewareStack.add as unknown as (
      mw: (
        next: (args: { request: { headers: Record<string, string> } }) => unknown,
      ) => (args: { request: { headers: Record<string, string> } }) => unknown,
      options: { step: string; name: string },
    ) => void;
    add(
      (next) => (args) => {
        args.request.headers["x-moto-account-id"] = accountId;
        return next(args);
      },
      { step: "build", name: "motoAccountHeader" },
    );
  };
}

function motoClients(accountId: string, region = "us-east-1"): AwsClients {
  useMotoEnvironment(accountId);
  return new AwsClients({ region, maxAttempts: 2, configure: motoAccountHeader(accountId) });
}

export { motoAccountHeader, motoClients, motoEndpoint, motoEnv, useMotoEnvironment };
