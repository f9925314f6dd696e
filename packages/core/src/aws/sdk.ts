/**
 * The AWS SDK v3 clients of each service migration-guard calls, loaded with a dynamic `import()`:
 * outside a bundle (CLI, tests) on first use, so a run loads only the services it calls; in a
 * deployed bundle, which carries only the services its function calls, all of them during Lambda's
 * init phase (`preloadBundledSdk`). The module system caches each module after the first import,
 * so later calls cost nothing.
 *
 * Each service is imported through its module in aws/sdk/ that names the client, commands and
 * paginators the code uses, so that a bundler tree-shakes the rest of the client package away.
 * The deployed bundles carry the SDK (stacks/sdk-bundling.ts): esbuild code splitting puts each
 * service in its own chunk, loaded by the `import()` below, and a function's bundle omits the
 * services its rule never calls: the build defines `process.env.MIGRATION_GUARD_OMIT_<SERVICE>`
 * as `"1"`, which makes the condition a constant and drops that service's `import()` (and its chunk).
 * Outside a bundle the variables are unset and every service loads.
 *
 * The specifiers are string literals on purpose: bundlers resolve only literal dynamic imports.
 */
const SDK = {
  config: () =>
    process.env.MIGRATION_GUARD_OMIT_CONFIG === "1" ? omitted("config") : import("./sdk/config.js"),
  dms: () => (process.env.MIGRATION_GUARD_OMIT_DMS === "1" ? omitted("dms") : import("./sdk/dms.js")),
  ec2: () => (process.env.MIGRATION_GUARD_OMIT_EC2 === "1" ? omitted("ec2") : import("./sdk/ec2.js")),
  iam: () => (process.env.MIGRATION_GUARD_OMIT_IAM === "1" ? omitted("iam") : import("./sdk/iam.js")),
  kms: () => (process.env.MIGRATION_GUARD_OMIT_KMS === "1" ? omitted("kms") : import("./sdk/kms.js")),
  mgn: () => (process.env.MIGRATION_GUARD_OMIT_MGN === "1" ? omitted("mgn") : import("./sdk/mgn.js")),
  organizations: () =>
    process.env.MIGRATION_GUARD_OMIT_ORGANIZATIONS === "1"
      ? omitted("organizations")
      : import("./sdk/organizations.js"),
  sns: () => (process.env.MIGRATION_GUARD_OMIT_SNS === "1" ? omitted("sns") : import("./sdk/sns.js")),
  sts: () => (process.env.MIGRATION_GUARD_OMIT_STS === "1" ? omitted("sts") : import("./sdk/sts.js")),
};

/** A service whose SDK client is loaded through loadSdk. */
type SdkService = keyof typeof SDK;

/** The services, in one list (stacks and the benchmark derive bundles from it). */
const SDK_SERVICES = Object.keys(SDK) as SdkService[];

/** What a service's module in aws/sdk/ exports (client class, commands, paginators). */
type SdkModule<S extends SdkService> = Awaited<ReturnType<(typeof SDK)[S]>>;

/** A service left out of this bundle: its rule does not call it (stacks/sdk-bundling.ts). */
function omitted(service: SdkService): never {
  throw new Error(`The AWS SDK client of ${service} is not in this function's bundle`);
}

/** The SDK client module of `service`, imported on the first call. */
function loadSdk<S extends SdkService>(service: S): Promise<SdkModule<S>> {
  return SDK[service]() as Promise<SdkModule<S>>;
}

/**
 * In a deployed bundle (the build defines `process.env.MIGRATION_GUARD_BUNDLED` as `"1"`,
 * stacks/sdk-bundling.ts), import every SDK client module the bundle carries and return their
 * services; outside a bundle, nothing. The functions call it at module load, so the clients load
 * in Lambda's init phase, which runs on a full vCPU for on-demand functions, rather than in the
 * first invocation, which runs on the function's share of a vCPU at its memory size (512 MB: about
 * 0.29; 1,769 MB is one vCPU). Sources: AWS Lambda developer guide, "Configure Lambda function
 * memory"; AWS Serverless Land, "Effectively running Java on Serverless: utilize initialization
 * phase" (https://serverlessland.com/content/service/lambda/guides/effectively-running-java-on-serverless/init-heavy-lifting).
 * Lambda completes an ES module handler's top-level await during init (AWS Compute Blog, "Using
 * Node.js ES modules and top-level await in AWS Lambda").
 */
async function preloadBundledSdk(): Promise<SdkService[]> {
  if (process.env.MIGRATION_GUARD_BUNDLED !== "1") return [];
  const loading: Promise<unknown>[] = [];
  const services: SdkService[] = [];
  for (const service of SDK_SERVICES) {
    try {
      loading.push(SDK[service]());
      services.push(service);
    } catch {
      // Left out of this bundle (`omitted`): the function never calls it.
    }
  }
  await Promise.all(loading);
  return services;
}

/** The npm package behind each service. */
const SDK_PACKAGES: Readonly<Record<SdkService, string>> = {
  config: "@aws-sdk/client-config-service",
  dms: "@aws-sdk/client-database-migration-service",
  ec2: "@aws-sdk/client-ec2",
  iam: "@aws-sdk/client-iam",
  kms: "@aws-sdk/client-kms",
  mgn: "@aws-sdk/client-mgn",
  organizations: "@aws-sdk/client-organizations",
  sns: "@aws-sdk/client-sns",
  sts: "@aws-sdk/client-sts",
};

export type { SdkModule, SdkService };
export { loadSdk, preloadBundledSdk, SDK_PACKAGES, SDK_SERVICES };
