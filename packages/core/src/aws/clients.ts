import { ConfigServiceClient } from "@aws-sdk/client-config-service";
import { DatabaseMigrationServiceClient } from "@aws-sdk/client-database-migration-service";
import { EC2Client } from "@aws-sdk/client-ec2";
import { IAMClient } from "@aws-sdk/client-iam";
import { KMSClient } from "@aws-sdk/client-kms";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { SNSClient } from "@aws-sdk/client-sns";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@aws-sdk/types";
import { type MgnApi, sdkMgnApi } from "./mgn.js";

/**
 * SDK clients, created lazily and once per container (or CLI run) and injected everywhere else.
 * Region, credentials and endpoints come from the environment: the SDK honours AWS_REGION,
 * AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>, so the same code talks to AWS or to moto.
 * Throttling is retried with the SDK's adaptive mode (client-side rate limiting + backoff).
 */

interface ClientOptions {
  region?: string;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Attempts per call, including the first (SDK default is 3; throttled periodic runs need more). */
  maxAttempts?: number;
  /** Called once for every client created (e.g. to add middleware). */
  configure?: (client: { middlewareStack: { add: (...args: never[]) => unknown } }) => void;
  /** The MGN API to use instead of the SDK client (tests mock it; see aws/mgn.ts). */
  mgn?: MgnApi;
}

class AwsClients {
  readonly #options: ClientOptions;
  readonly #cache = new Map<string, unknown>();

  constructor(options: ClientOptions = {}) {
    this.#options = options;
  }

  #get<T>(key: string, create: (config: Record<string, unknown>) => T): T {
    let client = this.#cache.get(key) as T | undefined;
    if (!client) {
      const config: Record<string, unknown> = {
        retryMode: "adaptive",
        // 10 attempts: with 35% of calls throttled or failing, a call still fails after all
        // attempts with probability 0.35^10 ≈ 3e-5 (8 attempts: 2e-4, i.e. one failed run in
        // ~20 for a run of 250 calls); measured by test/reliability/faults.test.ts.
        maxAttempts: this.#options.maxAttempts ?? 10,
      };
      if (this.#options.region) config.region = this.#options.region;
      if (this.#options.credentials) config.credentials = this.#options.credentials;
      client = create(config);
      this.#options.configure?.(client as never);
      this.#cache.set(key, client);
    }
    return client;
  }

  get dms(): DatabaseMigrationServiceClient {
    return this.#get("dms", (c) => new DatabaseMigrationServiceClient(c));
  }
  get kms(): KMSClient {
    return this.#get("kms", (c) => new KMSClient(c));
  }
  get iam(): IAMClient {
    return this.#get("iam", (c) => new IAMClient(c));
  }
  get ec2(): EC2Client {
    return this.#get("ec2", (c) => new EC2Client(c));
  }
  get mgn(): MgnApi {
    return this.#options.mgn ?? this.#get("mgn", (c) => sdkMgnApi(c));
  }
  get config(): ConfigServiceClient {
    return this.#get("config", (c) => new ConfigServiceClient(c));
  }

  get sns(): SNSClient {
    return this.#get("sns", (c) => new SNSClient(c));
  }

  get organizations(): OrganizationsClient {
    return this.#get("organizations", (c) => new OrganizationsClient(c));
  }

  get sts(): STSClient {
    return this.#get("sts", (c) => new STSClient(c));
  }

  /** The account the credentials belong to. */
  async accountId(): Promise<string> {
    const identity = await this.sts.send(new GetCallerIdentityCommand({}));
    return identity.Account ?? "unknown";
  }

  /** The region the clients resolve to (from options or the environment). */
  async region(): Promise<string> {
    const region = await this.dms.config.region();
    return region;
  }
}

export type { ClientOptions };
export { AwsClients };
