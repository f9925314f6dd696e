import {
  DescribeReplicationConfigurationTemplatesCommand,
  DescribeSourceServersCommand,
  GetReplicationConfigurationCommand,
  MgnClient,
} from "@aws-sdk/client-mgn";
import { errorName } from "./errors.js";

/**
 * AWS Application Migration Service (MGN) behind a small typed interface. `@aws-sdk/client-mgn`
 * is only available as 3.523.0, whose types clash with the rest of the SDK (and with
 * aws-sdk-client-mock), so the SDK client stays inside this file and tests mock `MgnApi`.
 * Outputs are the raw API shapes (mapped defensively in aws/mgn-model.ts); every list call
 * follows `nextToken` to the end.
 */
interface MgnApi {
  /** DescribeSourceServers, all pages merged: `{ items }`. */
  describeSourceServers(): Promise<{ items: unknown[] }>;
  /** DescribeReplicationConfigurationTemplates, all pages merged: `{ items }`. */
  describeReplicationConfigurationTemplates(): Promise<{ items: unknown[] }>;
  /** GetReplicationConfiguration for one source server; null when it does not exist. */
  getReplicationConfiguration(sourceServerId: string): Promise<unknown | null>;
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
    items.push(...(output.items ?? []));
    token = output.nextToken || undefined;
    if (token !== undefined) {
      // A service returning the same token again would loop forever.
      if (seen.has(token)) throw new Error(`MGN returned the same nextToken twice`);
      seen.add(token);
    }
  } while (token !== undefined);
  return { items };
}

/** The MGN API over the SDK client (maximum page sizes: 1000 source servers, 1000 templates). */
function sdkMgnApi(config: Record<string, unknown>): MgnApi {
  // biome-ignore lint/suspicious/noExplicitAny: client-mgn 3.523.0's config type differs from the current SDK's.
  const client = new MgnClient(config as any);
  return {
    describeSourceServers: () =>
      allItems((nextToken) =>
        client.send(new DescribeSourceServersCommand({ filters: {}, maxResults: 1000, nextToken })),
      ),
    describeReplicationConfigurationTemplates: () =>
      allItems((nextToken) =>
        client.send(
          new DescribeReplicationConfigurationTemplatesCommand({
            replicationConfigurationTemplateIDs: [],
            maxResults: 1000,
            nextToken,
          }),
        ),
      ),
    async getReplicationConfiguration(sourceServerID) {
      try {
        const { $metadata: _, ...output } = await client.send(
          new GetReplicationConfigurationCommand({ sourceServerID }),
        );
        return output;
      } catch (error) {
        if (errorName(error) === "ResourceNotFoundException") return null;
        throw error;
      }
    },
  };
}

export type { MgnApi };
export { allItems, sdkMgnApi };
