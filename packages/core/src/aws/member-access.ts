import type { AssumeRoleCommand, AssumeRoleCommandOutput } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity } from "@aws-sdk/types";
import { AwsClients, type ClientOptions } from "./clients.js";
import { errorName } from "./errors.js";
import { arnAccount, checkAccountId, checkRoleName, MemberAccessError } from "./member-checks.js";
import { loadSdk } from "./sdk.js";

/**
 * Cross-account access: reach a member account through a role assumed there (sts:AssumeRole).
 * The role ARN is built from the partition, the account id and the role name. Credentials are
 * cached per account for as long as this object lives (one per Lambda container, one per CLI run)
 * and renewed shortly before they expire. Assumed credentials are checked to belong to the account
 * asked for, so nothing is ever read or reported under another account (the checks on inputs and
 * results are in member-checks.ts).
 */

/** The AWS partition a region belongs to (the first part of every ARN in it). */
function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("us-isob-")) return "aws-iso-b";
  if (region.startsWith("us-iso-")) return "aws-iso";
  if (region.startsWith("eu-isoe-")) return "aws-iso-e";
  if (region.startsWith("us-isof-")) return "aws-iso-f";
  return "aws";
}

function memberRoleArn(partition: string, accountId: string, roleName: string): string {
  return `arn:${partition}:iam::${accountId}:role/${roleName}`;
}

/** The caller's STS client, or anything that answers AssumeRole the same way. */
interface AssumeRoleClient {
  send(command: AssumeRoleCommand): Promise<AssumeRoleCommandOutput>;
}

/** The STS client of `clients` as an AssumeRoleClient (its SDK package is loaded on the first call). */
function assumeRoleClientOf(clients: AwsClients): AssumeRoleClient {
  return {
    async send(command) {
      const { client } = await clients.use("sts");
      return client.send(command);
    },
  };
}

interface MemberAccessOptions {
  /** The role to assume in every member account. */
  roleName: string;
  /** The caller's STS client (its credentials are the ones the member role must trust). */
  sts: AssumeRoleClient;
  /** Region for the member clients; also gives the partition unless `partition` is set. */
  region: string;
  partition?: string;
  /** The StackSet that creates the role in members (deployed mode), named in errors. */
  stackSetName?: string;
  sessionName?: string;
  /** A session policy (JSON) that narrows what the assumed sessions may do. */
  sessionPolicy?: string;
  /** Session length asked for (the role's maximum session duration must allow it). */
  durationSeconds?: number;
  /** Renew credentials this long before they expire. */
  refreshMarginMs?: number;
  /** Clock in epoch milliseconds (tests inject one). */
  now?: () => number;
  /** Attempts per call for the member clients. */
  maxAttempts?: number;
  /** Called for every SDK client of the member accounts (e.g. ApiCallCounter.configure). */
  configure?: ClientOptions["configure"];
}

/** Assumed-role credentials, with the account they were verified to belong to. */
type MemberCredentials = AwsCredentialIdentity & { accountId: string; expiration: Date };

const DEFAULT_DURATION_SECONDS = 3600;
const DEFAULT_REFRESH_MARGIN_MS = 5 * 60_000;

class MemberAccess {
  readonly roleName: string;
  readonly partition: string;
  readonly region: string;
  readonly stackSetName: string | undefined;
  readonly #sts: AssumeRoleClient;
  readonly #options: MemberAccessOptions;
  readonly #now: () => number;
  readonly #credentials = new Map<string, MemberCredentials>();
  readonly #pending = new Map<string, Promise<MemberCredentials>>();
  readonly #clients = new Map<string, AwsClients>();
  /** AssumeRole calls made (for tests and progress). */
  assumeRoleCalls = 0;

  constructor(options: MemberAccessOptions) {
    this.roleName = checkRoleName(options.roleName, "member role name");
    this.region = options.region;
    this.partition = options.partition ?? partitionOf(options.region);
    this.stackSetName = options.stackSetName || undefined;
    this.#sts = options.sts;
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  roleArn(accountId: string): string {
    return memberRoleArn(this.partition, accountId, this.roleName);
  }

  /**
   * Credentials for the member account: cached ones while they have more than the refresh margin
   * left, otherwise newly assumed (concurrent callers share one AssumeRole call).
   */
  credentials(accountId: string): Promise<MemberCredentials> {
    checkAccountId(accountId, "account id");
    const cached = this.#credentials.get(accountId);
    const margin = this.#options.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
    if (cached && this.#now() < cached.expiration.getTime() - margin) return Promise.resolve(cached);
    let pending = this.#pending.get(accountId);
    if (!pending) {
      pending = this.#assume(accountId).then(
        (credentials) => {
          this.#credentials.set(accountId, credentials);
          this.#pending.delete(accountId);
          return credentials;
        },
        (error: unknown) => {
          this.#credentials.delete(accountId);
          this.#pending.delete(accountId);
          throw error;
        },
      );
      this.#pending.set(accountId, pending);
    }
    return pending;
  }

  /**
   * Clients for the member account, once per account. The role is assumed before they are
   * returned, so a missing or untrusting role fails here with a MemberAccessError.
   */
  async clients(accountId: string): Promise<AwsClients> {
    await this.credentials(accountId);
    let clients = this.#clients.get(accountId);
    if (!clients) {
      clients = new AwsClients({
        region: this.region,
        credentials: () => this.credentials(accountId),
        ...(this.#options.maxAttempts ? { maxAttempts: this.#options.maxAttempts } : {}),
        ...(this.#options.configure ? { configure: this.#options.configure } : {}),
      });
      this.#clients.set(accountId, clients);
    }
    return clients;
  }

  /**
   * Refuse unless the credentials `clients` sign with belong to `accountId` (checked right before
   * results are reported, so a result token is never used under another account).
   */
  async assertAccount(clients: AwsClients, accountId: string): Promise<void> {
    const { client } = await clients.use("config");
    const identity = (await client.config.credentials()) as AwsCredentialIdentity;
    if (identity.accountId !== accountId) {
      throw new MemberAccessError(
        `refusing to report for account ${accountId}: the credentials in use belong to ${identity.accountId ?? "an unknown account"}`,
        { accountId, roleArn: this.roleArn(accountId), kind: "internal" },
      );
    }
  }

  #hint(): string {
    return this.stackSetName
      ? `it is created in each member by the StackSet ${this.stackSetName}; check that account's stack instance`
      : "create it in that account, trusting the credentials you run with";
  }

  async #assume(accountId: string): Promise<MemberCredentials> {
    const roleArn = this.roleArn(accountId);
    this.assumeRoleCalls++;
    let output: AssumeRoleCommandOutput;
    try {
      const { AssumeRoleCommand } = await loadSdk("sts");
      output = await this.#sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: this.#options.sessionName ?? "migration-guard",
          DurationSeconds: this.#options.durationSeconds ?? DEFAULT_DURATION_SECONDS,
          ...(this.#options.sessionPolicy ? { Policy: this.#options.sessionPolicy } : {}),
        }),
      );
    } catch (error) {
      const name = errorName(error) ?? "Error";
      if (name === "AccessDenied" || name === "AccessDeniedException") {
        throw new MemberAccessError(
          `account ${accountId}: cannot assume role ${roleArn} (${name}): the role is missing or does not trust these credentials; ${this.#hint()}`,
          { accountId, roleArn, kind: "access-denied", cause: error },
        );
      }
      const message = (error as { message?: string })?.message ?? String(error);
      throw new MemberAccessError(
        `account ${accountId}: cannot assume role ${roleArn}: ${name}: ${message}`,
        {
          accountId,
          roleArn,
          kind: name === "RegionDisabledException" ? "customer" : "internal",
          cause: error,
        },
      );
    }
    const c = output.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) {
      throw new MemberAccessError(`account ${accountId}: AssumeRole for ${roleArn} returned no credentials`, {
        accountId,
        roleArn,
        kind: "internal",
      });
    }
    const assumedArn = output.AssumedRoleUser?.Arn;
    const actual = arnAccount(assumedArn);
    if (actual !== accountId) {
      throw new MemberAccessError(
        `account ${accountId}: AssumeRole for ${roleArn} returned credentials of ${actual ? `account ${actual}` : "an unknown account"} (${assumedArn ?? "no assumed-role ARN"}); refusing to read or report under another account`,
        { accountId, roleArn, kind: "internal" },
      );
    }
    const duration = this.#options.durationSeconds ?? DEFAULT_DURATION_SECONDS;
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
      expiration: c.Expiration ?? new Date(this.#now() + duration * 1000),
      accountId,
    };
  }
}

export type { AssumeRoleClient, MemberAccessOptions, MemberCredentials };

export { assumeRoleClientOf, MemberAccess, memberRoleArn, partitionOf };
