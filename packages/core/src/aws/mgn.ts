import type { MgnClient, MgnClientConfig } from "@aws-sdk/client-mgn";
import type { ClientOptions } from "./clients.js";
import { errorName } from "./errors.js";
import { loadSdk, type SdkModule } from "./sdk.js";

/**
 * AWS Application Migration Service (MGN) behind a small typed interface. `@aws-sdk/client-mgn`
 * is only available as 3.523.0, whose types clash with the rest of the SDK (and with
 * aws-sdk-client-mock), so the SDK client stays inside this file and tests mock `MgnApi`.
 * Outputs are the raw API shapes (mapped defensively in aws/mgn-model.ts); every list call
 * follows `nextToken` to the end. The SDK package is imported on the first call (see aws/sdk.ts).
 */
interface MgnApi {
  /** DescribeSourceServers, all pages merged: `{ items }`. */
  describeSourceServers(): Promise<{ items: unknown[] }>;
  /** DescribeReplicationConfigurationTemplates, all pages merged: `{ items }`. */
  describeReplicationConfigurationTemplates(): Promise<{ items: unknown[] }>;
  /** GetReplicationConfiguration for one source server; null when it does not exist. */
  getReplicationConfiguration(sourceServerId: string): Promise<unknown | null>;
  /** UpdateReplicationConfigurationTemplate (remediation only; input as in the API model). */
  updateReplicationConfigurationTemplate?(
    input: MgnUpdateInput & { replicationConfigurationTemplateID: string },
  ): Promise<void>;
  /** UpdateReplicationConfiguration (remediation only; input as in the API model). */
  updateReplicationConfiguration?(input: MgnUpdateInput & { sourceServerID: string }): Promise<void>;
}

/** The replication settings remediation changes (names and values from the MGN API model). */
interface MgnUpdateInput {
  ebsEncryption?: "CUSTOM";
  ebsEncryptionKeyArn?: string;
  dataPlaneRouting?: "PRIVATE_IP";
  createPublicIP?: boolean;
}

/** Follow nextToken until the last page, collecting `items`. */
async function allItems(
  page: (nextToken: string | undefined) => Promise<{ items?: unknown[]; nextToken?: string }>,
): Promise<{ items: unknown[] }> {
  const items: unknown[] = [];
  let token: string | undefined;
  const seen = new Set<string>();
  do {
    const output = await page(token);
    for (const item of output.items ?? []) items.push(item);
    token = output.nextToken || undefined;
    if (token !== undefined) {
      // A service returning the same token again would loop forever.
      if (seen.has(token)) throw new Error(`MGN returned the same nextToken twice`);
      seen.add(token);
    }
  } while (token !== undefined);
  return { items };
}

type MgnSdk = SdkModule<"mgn">;

/** The MGN API over the SDK client (maximum page sizes: 1000 source servers, 1000 templates). */
function sdkMgnApi(config: Record<string, unknown>, configure?: ClientOptions["configure"]): MgnApi {
  let loaded: Promise<{ client: MgnClient; sdk: MgnSdk }> | undefined;
  const use = () => {
    loaded ??= loadSdk("mgn").then(
      // client-mgn 3.523.0's config type differs from the current SDK's: it is passed as the MGN client's own type.
      (sdk) => {
        const client = new sdk.MgnClient(config as MgnClientConfig);
        configure?.(client);
        return { client, sdk };
      },
      (error: unknown) => {
        loaded = undefined;
        throw error;
      },
    );
    return loaded;
  };
  return {
    async describeSourceServers() {
      const { client, sdk } = await use();
      return allItems((nextToken) =>
        client.send(new sdk.DescribeSourceServersCommand({ filters: {}, maxResults: 1000, nextToken })),
      );
    },
    async describeReplicationConfigurationTemplates() {
      const { client, sdk } = await use();
      return allItems((nextToken) =>
        client.send(
          new sdk.DescribeReplicationConfigurationTemplatesCommand({
            replicationConfigurationTemplateIDs: [],
            maxResults: 1000,
            nextToken,
          }),
        ),
      );
    },
    async getReplicationConfiguration(sourceServerID) {
      const { client, sdk } = await use();
      try {
        const { $metadata: _, ...output } = await client.send(
          new sdk.GetReplicationConfigurationCommand({ sourceServerID }),
        );
        return output;
      } catch (error) {
        if (errorName(error) === "ResourceNotFoundException") return null;
        throw error;
      }
    },
    async updateReplicationConfigurationTemplate(input) {
      const { client, sdk } = await use();
      await client.send(new sdk.UpdateReplicationConfigurationTemplateCommand(input));
    },
    async updateReplicationConfiguration(input) {
      const { client, sdk } = await use();
      await client.send(new sdk.UpdateReplicationConfigurationCommand(input));
    },
  };
}

export type { MgnApi, MgnUpdateInput };
export { allItems, sdkMgnApi };
