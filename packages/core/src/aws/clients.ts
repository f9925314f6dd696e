import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@aws-sdk/types";
import { type MgnApi, sdkMgnApi } from "./mgn.js";
import { type SdkService as AnySdkService, loadSdk, type SdkModule } from "./sdk.js";

/** A service with a client here (MGN is behind aws/mgn.ts's MgnApi). */
type SdkService = Exclude<AnySdkService, "mgn">;

/**
 * SDK clients, created lazily and once per container (or CLI run) and injected everywhere else.
 * Region, credentials and endpoints come from the environment: the SDK honours AWS_REGION,
 * AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>, so the same code talks to AWS or to moto.
 * Throttling is retried with the SDK's adaptive mode (client-side rate limiting + backoff).
 *
 * A service's SDK client is imported on its first `use` (see aws/sdk.ts), so creating AwsClients
 * loads no SDK client; `await clients.use("dms")` gives `{ client, sdk }`: the service's client and
 * its package (commands, paginators), e.g.
 * `const { client, sdk } = await clients.use("kms"); await client.send(new sdk.DescribeKeyCommand(input))`.
 */

interface ClientOptions {
  region?: string;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Attempts per call, including the first (SDK default is 3; throttled periodic runs need more). */
  maxAttempts?: number;
  /** Called once for every SDK client created (e.g. to add middleware). */
  configure?: (client: { middlewareStack: { add: (...args: never[]) => unknown } }) => void;
  /** The MGN API to use instead of the SDK client (tests mock it; see aws/mgn.ts). */
  mgn?: MgnApi;
}

/** What every SDK client is created with. */
type SdkClientConfig = {
  retryMode: "adaptive";
  maxAttempts: number;
  region?: string;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
};

/** Import a service's package and create its client. */
const CREATE = {
  config: async (c: SdkClientConfig) => {
    const sdk = await loadSdk("config");
    return { client: new sdk.ConfigServiceClient(c), sdk };
  },
  dms: async (c: SdkClientConfig) => {
    const sdk = await loadSdk("dms");
    return { client: new sdk.DatabaseMigrationServiceClient(c), sdk };
  },
  ec2: async (c: SdkClientConfig) => {
    const sdk = await loadSdk("ec2");
    return { client: new sdk.EC2Client(c), sdk };
  },
  iam: async (c: SdkClientConfig) => {
    const sdk = await loadSdk("iam");
    return { client: new sdk.IAMClient(c), sdk };
  },
  kms: async (c: SdkClientConfig) => {
    const sdk = await loadSdk("kms");
    return { client: new sdk.KMSClient(c), sdk };
  },
  organizations: async (c: SdkClientConfig) => {
    const sdk = await loadSdk("organizations");
    return { client: new sdk.OrganizationsClient(c), sdk };
  },
  sns: async (c: SdkClientConfig) => {
    const sdk = await loadSdk("sns");
    return { client: new sdk.SNSClient(c), sdk };
  },
  sts: async (c: SdkClientConfig) => {
    const sdk = await loadSdk("sts");
    return { client: new sdk.STSClient(c), sdk };
  },
} satisfies { [S in SdkService]: (c: SdkClientConfig) => Promise<{ client: unknown; sdk: SdkModule<S> }> };

/** A service's client (created once per AwsClients) and its SDK package. */
type ServiceHandle<S extends SdkService> = Awaited<ReturnType<(typeof CREATE)[S]>>;

/** A service's SDK client type, e.g. `ServiceClient<"dms">` is DatabaseMigrationServiceClient. */
type ServiceClient<S extends SdkService> = ServiceHandle<S>["client"];

class AwsClients {
  readonly #options: ClientOptions;
  readonly #handles = new Map<SdkService, Promise<ServiceHandle<SdkService>>>();
  #mgn: MgnApi | undefined;

  constructor(options: ClientOptions = {}) {
    this.#options = options;
  }

  #config(): SdkClientConfig {
    const config: SdkClientConfig = {
      retryMode: "adaptive",
      // 10 attempts: with 35% of calls throttled or failing, a call still fails after all
      // attempts with probability 0.35^10 ≈ 3e-5 (8 attempts: 2e-4, i.e. one failed run in
      // ~20 for a run of 250 calls); measured by test/reliability/faults.test.ts.
      maxAttempts: this.#options.maxAttempts ?? 10,
    };
    if (this.#options.region) config.region = this.#options.region;
    if (this.#options.credentials) config.credentials = this.#options.credentials;
    return config;
  }

  /**
   * The client of `service` and its SDK package, imported and created on the first call (later
   * calls share them). A failed import is not remembered, so the next call tries again.
   */
  use<S extends SdkService>(service: S): Promise<ServiceHandle<S>> {
    let handle = this.#handles.get(service) as Promise<ServiceHandle<S>> | undefined;
    if (!handle) {
      const create = CREATE[service] as (c: SdkClientConfig) => Promise<ServiceHandle<S>>;
      const created = create(this.#config()).then(
        (h) => {
          this.#options.configure?.(h.client);
          return h;
        },
        (error: unknown) => {
          this.#handles.delete(service);
          throw error;
        },
      );
      handle = created;
      this.#handles.set(service, created);
    }
    return handle;
  }

  /** The MGN API (its SDK package is imported on the first call; see aws/mgn.ts). */
  get mgn(): MgnApi {
    this.#mgn ??= this.#options.mgn ?? sdkMgnApi(this.#config(), this.#options.configure);
    return this.#mgn;
  }

  /** The account the credentials belong to. */
  async accountId(): Promise<string> {
    const { client, sdk } = await this.use("sts");
    const identity = await client.send(new sdk.GetCallerIdentityCommand({}));
    return identity.Account ?? "unknown";
  }

  /** The region the clients resolve to (from options or the environment). */
  async region(): Promise<string> {
    const { client } = await this.use("sts");
    return client.config.region();
  }
}

export type { ClientOptions, SdkService as AwsService, ServiceClient, ServiceHandle };
export { AwsClients };
