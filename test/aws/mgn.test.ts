import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kindAccess } from "../../packages/core/src/aws/kinds.js";
import { allItems, type MgnApi, sdkMgnApi } from "../../packages/core/src/aws/mgn.js";
import { SnapshotSource } from "../../packages/core/src/aws/source.js";
import { fixture as fixtureOf } from "../support/fixtures.js";

// biome-ignore lint/suspicious/noExplicitAny: raw API outputs, shaped by the fixtures themselves.
const fixture = (name: string) => fixtureOf<any>(`mgn/${name}`);

describe("allItems", () => {
  it("returns the items of every page, following nextToken", async () => {
    const pages: Record<string, { items: unknown[]; nextToken?: string }> = {
      start: { items: [1, 2], nextToken: "b" },
      b: { items: [3], nextToken: "c" },
      c: { items: [] },
    };
    expect(await allItems(async (token) => pages[token ?? "start"] ?? { items: [] })).toEqual({
      items: [1, 2, 3],
    });
  });

  it("throws instead of looping when the service repeats a nextToken", async () => {
    await expect(allItems(async () => ({ items: [1], nextToken: "same" }))).rejects.toThrow(
      /same nextToken twice/,
    );
  });
});

/**
 * The SDK-backed MgnApi against a local stand-in speaking MGN's REST-JSON protocol on 127.0.0.1
 * (POST /DescribeSourceServers ...), with payloads from the MGN API reference: checks the
 * requests client-mgn 3.523.0 sends and that pages and not-found are handled.
 */
describe("sdkMgnApi over HTTP", () => {
  let server: Server;
  const requests: { path: string; body: Record<string, unknown> }[] = [];
  let api: MgnApi;

  beforeAll(async () => {
    const servers = fixture("DescribeSourceServers/default.json").items;
    server = createServer((req, res) => {
      let text = "";
      req.on("data", (chunk) => {
        text += chunk;
      });
      req.on("end", () => {
        const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
        requests.push({ path: req.url ?? "", body });
        const send = (status: number, payload: unknown, type?: string) => {
          res.writeHead(status, {
            "content-type": "application/json",
            ...(type ? { "x-amzn-errortype": type } : {}),
          });
          res.end(JSON.stringify(payload));
        };
        if (req.url === "/DescribeSourceServers")
          return body.nextToken === "page2"
            ? send(200, { items: servers.slice(1) })
            : send(200, { items: servers.slice(0, 1), nextToken: "page2" });
        if (req.url === "/DescribeReplicationConfigurationTemplates")
          return send(200, fixture("DescribeReplicationConfigurationTemplates/default.json"));
        if (req.url === "/GetReplicationConfiguration")
          return body.sourceServerID === "s-1a2b3c4d5e6f70001"
            ? send(200, fixture("GetReplicationConfiguration/default.json"))
            : send(
                404,
                { message: "Source server not found", code: "RESOURCE_NOT_FOUND" },
                "ResourceNotFoundException",
              );
        return send(400, { message: "unknown" }, "ValidationException");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    api = sdkMgnApi({
      region: "us-east-1",
      endpoint: `http://127.0.0.1:${port}`,
      maxAttempts: 1,
      credentials: { accessKeyId: "AKIAEXAMPLENOTREAL01", secretAccessKey: "not-a-real-secret" },
    });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("returns every source server across pages, asking for 1000 per page", async () => {
    const { items } = await api.describeSourceServers();
    expect(items.map((s) => (s as { sourceServerID: string }).sourceServerID)).toEqual([
      "s-1a2b3c4d5e6f70001",
      "s-1a2b3c4d5e6f70002",
      "s-1a2b3c4d5e6f70003",
    ]);
    const calls = requests.filter((r) => r.path === "/DescribeSourceServers");
    expect(calls.map((c) => [c.body.maxResults, c.body.nextToken])).toEqual([
      [1000, undefined],
      [1000, "page2"],
    ]);
  });

  it("returns the templates and a server's replication configuration, and null for an unknown server", async () => {
    expect((await api.describeReplicationConfigurationTemplates()).items).toHaveLength(1);
    expect(await api.getReplicationConfiguration("s-1a2b3c4d5e6f70001")).toMatchObject({
      sourceServerID: "s-1a2b3c4d5e6f70001",
      ebsEncryption: "CUSTOM",
    });
    expect(await api.getReplicationConfiguration("s-0000000000000000f")).toBeNull();
  });
});

describe("mgnAccount kind", () => {
  const snapshot = (services: Record<string, Record<string, unknown>>) =>
    new SnapshotSource({
      accountId: "123456789012",
      region: "us-east-1",
      capturedAt: "2026-11-20T09:00:00Z",
      services,
    });
  const services = () => ({
    mgn: {
      DescribeSourceServers: fixture("DescribeSourceServers/default.json"),
      DescribeReplicationConfigurationTemplates: fixture(
        "DescribeReplicationConfigurationTemplates/default.json",
      ),
      GetReplicationConfiguration: {
        "s-1a2b3c4d5e6f70001": fixture("GetReplicationConfiguration/default.json"),
        "s-1a2b3c4d5e6f70002": null,
      },
    },
    ec2: { GetEbsEncryptionByDefault: { EbsEncryptionByDefault: true } },
  });

  it("returns one account resource with templates and every non-archived server's replication settings", async () => {
    const [account, ...rest] = await kindAccess("mgnAccount").list(snapshot(services()), {
      accountId: "123456789012",
    });
    expect(rest).toEqual([]);
    expect(account?.accountId).toBe("123456789012");
    expect(account?.templates).toEqual([
      {
        label: "template rct-0f1e2d3c4b5a69788",
        ebsEncryption: "CUSTOM",
        ebsEncryptionKeyArn: "KEYARN",
        createPublicIp: false,
        dataPlaneRouting: "PRIVATE_IP",
        associateDefaultSecurityGroup: false,
        securityGroupIds: ["SG"],
      },
    ]);
    expect(
      account?.sourceServers.map((s) => [
        s.server.sourceServerId,
        s.server.state,
        s.replication?.label ?? null,
      ]),
    ).toEqual([
      ["s-1a2b3c4d5e6f70001", "READY_FOR_CUTOVER", "source server s-1a2b3c4d5e6f70001 (app-01)"],
      ["s-1a2b3c4d5e6f70002", "CUTOVER", null],
    ]);
    expect(account?.ebsEncryptionByDefault).toBe(true);
  });

  it("throws naming the field when a source server lacks its id", async () => {
    const bad = services();
    delete (bad.mgn.DescribeSourceServers.items[1] as Record<string, unknown>).sourceServerID;
    await expect(kindAccess("mgnAccount").list(snapshot(bad), { accountId: "123456789012" })).rejects.toThrow(
      "mgn.DescribeSourceServers.items[1].sourceServerID: expected a string, got undefined",
    );
  });

  it("throws when the account id is unknown, since the resource id is the account", async () => {
    await expect(
      kindAccess("mgnAccount").list(snapshot(services()), { accountId: undefined }),
    ).rejects.toThrow(/needs the 12-digit account id/);
  });
});
