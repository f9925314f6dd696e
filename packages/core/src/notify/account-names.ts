import { errorName } from "../aws/errors.js";
import type { Log } from "../config/handler.js";

/**
 * Account names for alerts in organization mode (organizations:DescribeAccount, from the
 * delegated administrator or management account). Names are cached for the container's life;
 * a failed lookup is remembered for a short while and the alert shows the account id only, so a
 * missing permission or an Organizations outage never stops an alert.
 */

interface AccountNames {
  /** The account's name, or undefined when it cannot be found out. */
  name(accountId: string): Promise<string | undefined>;
}

interface OrganizationAccountNamesOptions {
  /** organizations:DescribeAccount, reduced to the account's name (see aws/organization.ts). */
  describeAccountName: (accountId: string) => Promise<string | undefined>;
  log?: Log;
  /** How long a failed lookup is not retried. Default 10 minutes. */
  failureTtlMs?: number;
  /** Clock in epoch milliseconds (tests inject one). */
  now?: () => number;
}

const DEFAULT_FAILURE_TTL_MS = 10 * 60_000;

class OrganizationAccountNames implements AccountNames {
  readonly #options: OrganizationAccountNamesOptions;
  readonly #names = new Map<string, string>();
  readonly #failedUntil = new Map<string, number>();
  /** DescribeAccount calls made (for tests). */
  calls = 0;

  constructor(options: OrganizationAccountNamesOptions) {
    this.#options = options;
  }

  async name(accountId: string): Promise<string | undefined> {
    const cached = this.#names.get(accountId);
    if (cached !== undefined) return cached;
    const now = (this.#options.now ?? Date.now)();
    if ((this.#failedUntil.get(accountId) ?? 0) > now) return undefined;
    if (!/^\d{12}$/.test(accountId)) return undefined;
    this.calls++;
    try {
      const name = await this.#options.describeAccountName(accountId);
      if (!name) throw new Error("DescribeAccount returned no account name");
      this.#names.set(accountId, name);
      this.#failedUntil.delete(accountId);
      return name;
    } catch (error) {
      this.#failedUntil.set(accountId, now + (this.#options.failureTtlMs ?? DEFAULT_FAILURE_TTL_MS));
      this.#options.log?.error("Account name lookup failed; the alert shows the account id only", {
        accountId,
        error: errorName(error) ?? (error as Error)?.message ?? String(error),
      });
      return undefined;
    }
  }
}

export type { AccountNames, OrganizationAccountNamesOptions };
export { OrganizationAccountNames };
