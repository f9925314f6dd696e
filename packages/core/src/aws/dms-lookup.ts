import type { AwsClients } from "./clients.js";
import { errorName } from "./errors.js";
import type { KeyedOperation } from "./operations.js";

/**
 * One DMS resource read by ARN, for a change-triggered evaluation whose configuration item lacks
 * what the rule needs. Each uses the Describe operation the periodic listing already uses (same
 * IAM action), with the filter the DMS API model documents for it:
 * DescribeReplicationInstances "Valid filter names: replication-instance-arn | ...",
 * DescribeCertificates "Valid values are certificate-arn and certificate-id".
 * The output is the resource's API shape, or null when DMS no longer has it (an empty list, or
 * ResourceNotFoundFault, the operation's only modelled error).
 */

async function firstOrNull(run: () => Promise<unknown[] | undefined>): Promise<unknown | null> {
  try {
    return (await run())?.[0] ?? null;
  } catch (error) {
    if (errorName(error) === "ResourceNotFoundFault") return null;
    throw error;
  }
}

const dmsDescribeReplicationInstance: KeyedOperation = {
  kind: "keyed",
  service: "dms",
  operation: "DescribeReplicationInstances",
  iamAction: "dms:DescribeReplicationInstances",
  async fetch(clients: AwsClients, arn: string) {
    const { client, sdk } = await clients.use("dms");
    return firstOrNull(
      async () =>
        (
          await client.send(
            new sdk.DescribeReplicationInstancesCommand({
              Filters: [{ Name: "replication-instance-arn", Values: [arn] }],
            }),
          )
        ).ReplicationInstances,
    );
  },
};

const dmsDescribeCertificate: KeyedOperation = {
  kind: "keyed",
  service: "dms",
  operation: "DescribeCertificates",
  iamAction: "dms:DescribeCertificates",
  async fetch(clients: AwsClients, arn: string) {
    const { client, sdk } = await clients.use("dms");
    return firstOrNull(
      async () =>
        (
          await client.send(
            new sdk.DescribeCertificatesCommand({ Filters: [{ Name: "certificate-arn", Values: [arn] }] }),
          )
        ).Certificates,
    );
  },
};

export { dmsDescribeCertificate, dmsDescribeReplicationInstance };
