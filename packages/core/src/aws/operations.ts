import type { AwsClients } from "./clients.js";
import { getCredentialReport } from "./credential-report.js";
import { errorName } from "./errors.js";

/**
 * The AWS operations migration-guard reads, each defined once: the service and operation name
 * (which is also where its output lives in a snapshot: `services.<service>.<Operation>`), the
 * IAM action it needs, and how to call it live. A list operation merges all pages into one
 * output; a keyed operation is called per resource and returns null when the resource does not
 * exist. The live path uses the SDK paginators at the API's maximum page size.
 */

interface ListOperation {
  kind: "list";
  service: string;
  operation: string;
  iamAction: string;
  /** Further IAM actions the live fetch calls (e.g. iam:GenerateCredentialReport). */
  extraIamActions?: readonly string[];
  fetch(clients: AwsClients): Promise<unknown>;
}

interface KeyedOperation {
  kind: "keyed";
  service: string;
  operation: string;
  iamAction: string;
  fetch(clients: AwsClients, key: string): Promise<unknown | null>;
  /**
   * Keys fetched at once (LiveSource's limiter; default 8). An operation that groups the keys asked
   * in one turn into few requests of its own sets this high, so the limiter does not split its batches.
   */
  concurrency?: number;
}

type Operation = ListOperation | KeyedOperation;

/** Collect every page's array field into one output. */
async function mergePages<P>(
  pages: AsyncIterable<P>,
  field: keyof P & string,
): Promise<Record<string, unknown[]>> {
  const items: unknown[] = [];
  for await (const page of pages) {
    const value = page[field];
    if (Array.isArray(value)) for (const item of value) items.push(item);
  }
  return { [field]: items };
}

const dmsDescribeEndpoints: ListOperation = {
  kind: "list",
  service: "dms",
  operation: "DescribeEndpoints",
  iamAction: "dms:DescribeEndpoints",
  async fetch(clients) {
    const { client, sdk } = await clients.use("dms");
    return mergePages(
      sdk.paginateDescribeEndpoints({ client, pageSize: 100 }, { MaxRecords: 100 }),
      "Endpoints",
    );
  },
};

const dmsDescribeCertificates: ListOperation = {
  kind: "list",
  service: "dms",
  operation: "DescribeCertificates",
  iamAction: "dms:DescribeCertificates",
  async fetch(clients) {
    const { client, sdk } = await clients.use("dms");
    return mergePages(
      sdk.paginateDescribeCertificates({ client, pageSize: 100 }, { MaxRecords: 100 }),
      "Certificates",
    );
  },
};

const kmsDescribeKey: KeyedOperation = {
  kind: "keyed",
  service: "kms",
  operation: "DescribeKey",
  iamAction: "kms:DescribeKey",
  async fetch(clients, key) {
    const { client, sdk } = await clients.use("kms");
    try {
      return await client.send(new sdk.DescribeKeyCommand({ KeyId: key }));
    } catch (error) {
      if (errorName(error) === "NotFoundException") return null;
      throw error;
    }
  },
};

/**
 * Users, groups and customer managed policies (with every policy version's URL-encoded document)
 * in one paginated call; pages merged into `{ UserDetailList, GroupDetailList, Policies }`.
 * AWS managed policies are not listed (they would add ~1,000 policies per call): agent users are
 * recognised by the AWS managed policies' ARNs, and permissions boundaries are customer managed.
 */
const iamGetAccountAuthorizationDetails: ListOperation = {
  kind: "list",
  service: "iam",
  operation: "GetAccountAuthorizationDetails",
  iamAction: "iam:GetAccountAuthorizationDetails",
  async fetch(clients) {
    const merged = {
      UserDetailList: [] as unknown[],
      GroupDetailList: [] as unknown[],
      Policies: [] as unknown[],
    };
    const { client, sdk } = await clients.use("iam");
    const pages = sdk.paginateGetAccountAuthorizationDetails(
      { client, pageSize: 1000 },
      { Filter: ["User", "Group", "LocalManagedPolicy"], MaxItems: 1000 },
    );
    for await (const page of pages) {
      merged.UserDetailList.push(...(page.UserDetailList ?? []));
      merged.GroupDetailList.push(...(page.GroupDetailList ?? []));
      merged.Policies.push(...(page.Policies ?? []));
    }
    return merged;
  },
};

/** How often and how long to wait for GenerateCredentialReport to complete. */
const CREDENTIAL_REPORT_POLL = { attempts: 20, firstDelayMs: 500, maxDelayMs: 5000 };

/**
 * The IAM credential report: GenerateCredentialReport (a no-op returning COMPLETE while a report
 * younger than 4 hours exists; otherwise polled until COMPLETE), then GetCredentialReport. Output
 * `{ GeneratedTime, ReportFormat, Content }` with Content decoded to the CSV text (the report
 * holds key dates and states, never key ids or secrets).
 */
const iamGetCredentialReport: ListOperation = {
  kind: "list",
  service: "iam",
  operation: "GetCredentialReport",
  iamAction: "iam:GetCredentialReport",
  extraIamActions: ["iam:GenerateCredentialReport"],
  async fetch(clients) {
    const { client, sdk } = await clients.use("iam");
    let delay = CREDENTIAL_REPORT_POLL.firstDelayMs;
    for (let attempt = 1; ; attempt++) {
      const generated = await client.send(new sdk.GenerateCredentialReportCommand({}));
      if (generated.State === "COMPLETE") break;
      if (attempt >= CREDENTIAL_REPORT_POLL.attempts)
        throw new Error(
          `the IAM credential report is still ${generated.State ?? "not ready"}; try again later`,
        );
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, CREDENTIAL_REPORT_POLL.maxDelayMs);
    }
    return getCredentialReport({ client, sdk });
  },
};

const mgnDescribeSourceServers: ListOperation = {
  kind: "list",
  service: "mgn",
  operation: "DescribeSourceServers",
  iamAction: "mgn:DescribeSourceServers",
  fetch: (clients) => clients.mgn.describeSourceServers(),
};

const mgnDescribeReplicationConfigurationTemplates: ListOperation = {
  kind: "list",
  service: "mgn",
  operation: "DescribeReplicationConfigurationTemplates",
  iamAction: "mgn:DescribeReplicationConfigurationTemplates",
  fetch: (clients) => clients.mgn.describeReplicationConfigurationTemplates(),
};

const mgnGetReplicationConfiguration: KeyedOperation = {
  kind: "keyed",
  service: "mgn",
  operation: "GetReplicationConfiguration",
  iamAction: "mgn:GetReplicationConfiguration",
  fetch: (clients, sourceServerId) => clients.mgn.getReplicationConfiguration(sourceServerId),
};

const ec2GetEbsEncryptionByDefault: ListOperation = {
  kind: "list",
  service: "ec2",
  operation: "GetEbsEncryptionByDefault",
  iamAction: "ec2:GetEbsEncryptionByDefault",
  async fetch(clients) {
    const { client, sdk } = await clients.use("ec2");
    const { $metadata: _, ...output } = await client.send(new sdk.GetEbsEncryptionByDefaultCommand({}));
    return output;
  },
};

const dmsDescribeReplicationInstances: ListOperation = {
  kind: "list",
  service: "dms",
  operation: "DescribeReplicationInstances",
  iamAction: "dms:DescribeReplicationInstances",
  async fetch(clients) {
    const { client, sdk } = await clients.use("dms");
    return mergePages(
      sdk.paginateDescribeReplicationInstances({ client, pageSize: 100 }, { MaxRecords: 100 }),
      "ReplicationInstances",
    );
  },
};

const dmsDescribeReplicationTasks: ListOperation = {
  kind: "list",
  service: "dms",
  operation: "DescribeReplicationTasks",
  iamAction: "dms:DescribeReplicationTasks",
  // Table mappings and task settings can be large and are not read: leave them out.
  async fetch(clients) {
    const { client, sdk } = await clients.use("dms");
    return mergePages(
      sdk.paginateDescribeReplicationTasks(
        { client, pageSize: 100 },
        { MaxRecords: 100, WithoutSettings: true },
      ),
      "ReplicationTasks",
    );
  },
};

const ec2DescribeSecurityGroups: ListOperation = {
  kind: "list",
  service: "ec2",
  operation: "DescribeSecurityGroups",
  iamAction: "ec2:DescribeSecurityGroups",
  async fetch(clients) {
    const { client, sdk } = await clients.use("ec2");
    return mergePages(
      sdk.paginateDescribeSecurityGroups({ client, pageSize: 1000 }, { MaxResults: 1000 }),
      "SecurityGroups",
    );
  },
};

/** ARNs per ListTagsForResource call (the API reference sets no limit; stay well within request size). */
const TAG_BATCH_SIZE = 100;

interface TagBatch {
  arns: string[];
  waiters: Map<string, { resolve(value: unknown): void; reject(error: unknown): void }[]>;
}

/** The batch being collected for each set of clients (one per container or CLI run). */
const pendingTagBatches = new WeakMap<AwsClients, TagBatch>();

/** Tags of up to TAG_BATCH_SIZE resources by ARN; null for a resource that no longer exists. */
async function listTags(clients: AwsClients, arns: readonly string[]): Promise<Map<string, unknown>> {
  const result = new Map<string, unknown>();
  try {
    // One ARN: the plain ResourceArn form; several: ResourceArnList, whose tags carry their ResourceArn.
    const { client, sdk } = await clients.use("dms");
    const output = await client.send(
      new sdk.ListTagsForResourceCommand(
        arns.length === 1 ? { ResourceArn: arns[0] } : { ResourceArnList: [...arns] },
      ),
    );
    const byArn = new Map<string, unknown[]>(arns.map((arn) => [arn, []]));
    for (const tag of output.TagList ?? []) {
      const arn = arns.length === 1 ? arns[0] : tag.ResourceArn;
      if (arn !== undefined) byArn.get(arn)?.push({ ...tag, ResourceArn: arn });
    }
    for (const [arn, tags] of byArn) result.set(arn, { TagList: tags });
  } catch (error) {
    if (errorName(error) !== "ResourceNotFoundFault") throw error;
    if (arns.length === 1) {
      result.set(arns[0] as string, null);
    } else {
      // A resource deleted since it was listed fails the whole batch: ask one by one instead.
      for (const arn of arns) result.set(arn, (await listTags(clients, [arn])).get(arn) ?? null);
    }
  }
  return result;
}

async function sendTagBatch(clients: AwsClients, batch: TagBatch): Promise<void> {
  for (let i = 0; i < batch.arns.length; i += TAG_BATCH_SIZE) {
    const arns = batch.arns.slice(i, i + TAG_BATCH_SIZE);
    const waiters = arns.flatMap((arn) => (batch.waiters.get(arn) ?? []).map((w) => [arn, w] as const));
    try {
      const tags = await listTags(clients, arns);
      for (const [arn, waiter] of waiters) waiter.resolve(tags.get(arn) ?? null);
    } catch (error) {
      for (const [, waiter] of waiters) waiter.reject(error);
    }
  }
}

/**
 * Tags of one DMS resource. Called per ARN like any keyed operation (so snapshots hold
 * `dms.ListTagsForResource[arn]`), but the live calls made in the same turn of the event loop are
 * sent together with `ResourceArnList`: one request per 100 resources instead of one per resource.
 */
const dmsListTagsForResource: KeyedOperation = {
  kind: "keyed",
  service: "dms",
  operation: "ListTagsForResource",
  iamAction: "dms:ListTagsForResource",
  // Every ARN of a turn must reach fetch together to be batched (ResourceArnList, 100 per request).
  concurrency: Number.POSITIVE_INFINITY,
  fetch(clients, arn) {
    return new Promise((resolve, reject) => {
      let batch = pendingTagBatches.get(clients);
      if (!batch) {
        const created: TagBatch = { arns: [], waiters: new Map() };
        batch = created;
        pendingTagBatches.set(clients, created);
        setImmediate(() => {
          pendingTagBatches.delete(clients);
          void sendTagBatch(clients, created);
        });
      }
      if (!batch.waiters.has(arn)) {
        batch.arns.push(arn);
        batch.waiters.set(arn, []);
      }
      batch.waiters.get(arn)?.push({ resolve, reject });
    });
  },
};

export type { KeyedOperation, ListOperation, Operation };
export {
  CREDENTIAL_REPORT_POLL,
  dmsDescribeCertificates,
  dmsDescribeEndpoints,
  dmsDescribeReplicationInstances,
  dmsDescribeReplicationTasks,
  dmsListTagsForResource,
  ec2DescribeSecurityGroups,
  ec2GetEbsEncryptionByDefault,
  iamGetAccountAuthorizationDetails,
  iamGetCredentialReport,
  kmsDescribeKey,
  mergePages,
  mgnDescribeReplicationConfigurationTemplates,
  mgnDescribeSourceServers,
  mgnGetReplicationConfiguration,
};
