/**
 * The AWS SDK v3 client package of each service migration-guard calls, loaded on first use with
 * a dynamic `import()`, never at module load: a Lambda function's cold start then loads no SDK
 * client at all, and its first invocation loads only the packages of the services its rule calls
 * (a DMS rule never loads IAM or EC2). The module system caches each package after the first
 * import, so later calls cost nothing. In the deployed bundles `@aws-sdk/*` is external (the
 * nodejs22.x runtime ships the SDK v3 with every client), so these imports stay imports.
 *
 * The specifiers are string literals on purpose: bundlers resolve only literal dynamic imports.
 */
const SDK = {
  config: () => import("@aws-sdk/client-config-service"),
  dms: () => import("@aws-sdk/client-database-migration-service"),
  ec2: () => import("@aws-sdk/client-ec2"),
  iam: () => import("@aws-sdk/client-iam"),
  kms: () => import("@aws-sdk/client-kms"),
  organizations: () => import("@aws-sdk/client-organizations"),
  sns: () => import("@aws-sdk/client-sns"),
  sts: () => import("@aws-sdk/client-sts"),
};

/** A service whose SDK package is loaded through loadSdk (MGN is behind aws/mgn.ts's MgnApi). */
type SdkService = keyof typeof SDK;

/** The module namespace of a service's SDK package (client class, commands, paginators). */
type SdkModule<S extends SdkService> = Awaited<ReturnType<(typeof SDK)[S]>>;

/** The SDK package of `service`, imported on the first call. */
function loadSdk<S extends SdkService>(service: S): Promise<SdkModule<S>> {
  return SDK[service]() as Promise<SdkModule<S>>;
}

/** The npm package behind each service (the benchmark loads them to measure first-use cost). */
const SDK_PACKAGES: Readonly<Record<SdkService | "mgn", string>> = {
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
export { loadSdk, SDK_PACKAGES };
