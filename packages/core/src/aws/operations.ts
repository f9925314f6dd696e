import {
  paginateDescribeCertificates,
  paginateDescribeEndpoints,
} from "@aws-sdk/client-database-migration-service";
import { DescribeSecurityGroupsCommand, GetEbsEncryptionByDefaultCommand } from "@aws-sdk/client-ec2";
import {
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  paginateGetAccountAuthorizationDetails,
} from "@aws-sdk/client-iam";
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
    const pages = paginateGetAccountAuthorizationDetails(
      { client: clients.iam, pageSize: 1000 },
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
    let delay = CREDENTIAL_REPORT_POLL.firstDelayMs;
    for (let attempt = 1; ; attempt++) {
      const generated = await clients.iam.send(new GenerateCredentialReportCommand({}));
      if (generated.State === "COMPLETE") break;
      if (attempt >= CREDENTIAL_REPORT_POLL.attempts)
        throw new Error(
          `the IAM credential report is still ${generated.State ?? "not ready"}; try again later`,
        );
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, CREDENTIAL_REPORT_POLL.maxDelayMs);
    }
    const report = await clients.iam.send(new GetCredentialReportCommand({}));
    return {
      GeneratedTime: report.GeneratedTime,
      ReportFormat: report.ReportFormat,
      Content: report.Content ? Buffer.from(report.Content).toString("utf8") : "",
    };
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
    const { $metadata: _, ...output } = await clients.ec2.send(new GetEbsEncryptionByDefaultCommand({}));
    return output;
  },
};

const ec2DescribeSecurityGroups: KeyedOperation = {
  kind: "keyed",
  service: "ec2",
  operation: "DescribeSecurityGroups",
  iamAction: "ec2:DescribeSecurityGroups",
  async fetch(clients, groupId) {
    try {
      const { $metadata: _, ...output } = await clients.ec2.send(
        new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }),
      );
      return output;
    } catch (error) {
      if (errorName(error) === "InvalidGroup.NotFound" || errorName(error) === "InvalidGroupId.Malformed")
        return null;
      throw error;
    }
  },
};

export type { KeyedOperation, ListOperation, Operation };
export {
  CREDENTIAL_REPORT_POLL,
  dmsDescribeCertificates,
  dmsDescribeEndpoints,
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
