import { AwsClients, type ClientOptions } from "../../packages/core/src/aws/clients.js";
import { motoAccountHeader } from "./moto.js";

/**
 * moto 5 takes the account from the `x-moto-account-id` header (or MOTO_ACCOUNT_ID), not from
 * the access key id, so clients made without it all share moto's default account. These clients
 * add the header to every SDK client they create (then run `options.configure`, if any), so a
 * test file's state really is its own.
 */
function isolateMotoAccount(options: ClientOptions, accountId: string): AwsClients {
  const header = motoAccountHeader(accountId);
  return new AwsClients({
    ...options,
    configure: (client) => {
      header(client);
      options.configure?.(client);
    },
  });
}

export { isolateMotoAccount };
