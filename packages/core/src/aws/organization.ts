import type { AwsClients } from "./clients.js";
import { classifyAwsError } from "./errors.js";

/** An account of the organization, as the audit reports it. */
interface OrganizationAccount {
  accountId: string;
  name: string | undefined;
}

/**
 * The ACTIVE accounts of the caller's organization (organizations:ListAccounts, every page, at the
 * largest page size). Must run in the management account or a delegated administrator. `State`
 * replaces the retired `Status` field; either is read.
 */
async function listActiveAccounts(clients: AwsClients): Promise<OrganizationAccount[]> {
  const accounts: OrganizationAccount[] = [];
  try {
    const { client, sdk } = await clients.use("organizations");
    const pages = sdk.paginateListAccounts({ client, pageSize: 20 }, { MaxResults: 20 });
    for await (const page of pages) {
      for (const account of page.Accounts ?? []) {
        const state = account.State ?? account.Status;
        if (account.Id && state === "ACTIVE") accounts.push({ accountId: account.Id, name: account.Name });
      }
    }
  } catch (error) {
    throw classifyAwsError(error, "organizations:ListAccounts");
  }
  return accounts;
}

/** The name of one account (organizations:DescribeAccount); undefined when Organizations gives none. */
function describeAccountName(clients: AwsClients): (accountId: string) => Promise<string | undefined> {
  return async (accountId) => {
    const { client, sdk } = await clients.use("organizations");
    const output = await client.send(new sdk.DescribeAccountCommand({ AccountId: accountId }));
    return output.Account?.Name?.trim() || undefined;
  };
}

export type { OrganizationAccount };
export { describeAccountName, listActiveAccounts };
