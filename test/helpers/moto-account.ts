import type { BuildHandlerOptions, BuildMiddleware } from "@aws-sdk/types";
import type { AwsClients } from "../../packages/core/src/aws/clients.js";

interface Stacked {
  middlewareStack: { add(middleware: BuildMiddleware<object, object>, options: BuildHandlerOptions): void };
}

/**
 * moto 5 takes the account from the `x-moto-account-id` header (or MOTO_ACCOUNT_ID), not from
 * the access key id, so clients made by motoClients() all share moto's default account. This adds
 * the header to every SDK client of an AwsClients, so a test file's state really is its own.
 */
function isolateMotoAccount(clients: AwsClients, accountId: string): AwsClients {
  const all = [clients.iam, clients.ec2, clients.kms, clients.sts, clients.dms, clients.config] as unknown[];
  for (const client of all as Stacked[]) {
    client.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { headers?: Record<string, string> };
        if (request.headers) request.headers["x-moto-account-id"] = accountId;
        return next(args);
      },
      { step: "build", name: "motoAccountId" },
    );
  }
  return clients;
}

export { isolateMotoAccount };
