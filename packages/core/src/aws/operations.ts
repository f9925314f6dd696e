import {
  paginateDescribeCertificates,
  paginateDescribeEndpoints,
} from "@aws-sdk/client-database-migration-service";
import { DescribeKeyCommand } from "@aws-sdk/client-kms";
import type { AwsClients } from "./clients.js";
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
    if (Array.isArray(value)) items.push(...value);
  }
  return { [field]: items };
}

const dmsDescribeEndpoints: ListOperation = {
  kind: "list",
  service: "dms",
  operation: "DescribeEndpoints",
  iamAction: "dms:DescribeEndpoints",
  fetch: (clients) =>
    mergePages(
      paginateDescribeEndpoints({ client: clients.dms, pageSize: 100 }, { MaxRecords: 100 }),
      "Endpoints",
    ),
};

const dmsDescribeCertificates: ListOperation = {
  kind: "list",
  service: "dms",
  operation: "DescribeCertificates",
  iamAction: "dms:DescribeCertificates",
  fetch: (clients) =>
    mergePages(
      paginateDescribeCertificates({ client: clients.dms, pageSize: 100 }, { MaxRecords: 100 }),
      "Certificates",
    ),
};

const kmsDescribeKey: KeyedOperation = {
  kind: "keyed",
  service: "kms",
  operation: "DescribeKey",
  iamAction: "kms:DescribeKey",
  async fetch(clients, key) {
    try {
      return await clients.kms.send(new DescribeKeyCommand({ KeyId: key }));
    } catch (error) {
      if (errorName(error) === "NotFoundException") return null;
      throw error;
    }
  },
};

export type { KeyedOperation, ListOperation, Operation };
export { dmsDescribeCertificates, dmsDescribeEndpoints, kmsDescribeKey, mergePages };
