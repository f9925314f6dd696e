import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateUserCommand,
  type IAMClient,
  ListAccessKeysCommand,
  UpdateAccessKeyCommand,
} from "@aws-sdk/client-iam";
import { beforeAll, describe, expect, it } from "vitest";
import type { MgnApi } from "../../packages/core/src/aws/mgn.js";
import { LiveSource } from "../../packages/core/src/aws/source.js";
import { executeAll } from "../../packages/core/src/remediate/executor.js";
import { planRule } from "../../packages/core/src/remediate/plan.js";
import { findRule } from "../../packages/core/src/rules/index.js";
import { parseParameters } from "../../packages/core/src/rules/params.js";
import type { AnyRule } from "../../packages/core/src/rules/types.js";
import { useMotoEnvironment } from "../support/moto.js";
import { isolateMotoAccount } from "../support/moto-account.js";

/**
 * Deactivating MGN agent access keys against moto (IAM ListAccessKeys, UpdateAccessKey, the
 * credential report): the plan names keys by slot and creation date, the executor maps them to
 * key ids, acts only on keys still active, and writes nothing in a dry run.
 */

const ACCOUNT = "730000000001";
const AGENT = "arn:aws:iam::aws:policy/AWSApplicationMigrationAgentPolicy";
const DAY = 86_400_000;
const noServers: MgnApi = {
  describeSourceServers: async () => ({ items: [] }),
  describeReplicationConfigurationTemplates: async () => ({ items: [] }),
  getReplicationConfiguration: async () => null,
};

function rule(name: string): AnyRule {
  const found = findRule(name);
  if (!found) throw new Error(name);
  return found;
}

/** Clients that record every IAM command sent. */
function recordingClients() {
  useMotoEnvironment(ACCOUNT);
  const sent: string[] = [];
  const clients = isolateMotoAccount(
    {
      region: "us-east-1",
      maxAttempts: 2,
      mgn: noServers,
      configure: (client) => {
        (client as unknown as IAMClient).middlewareStack.add(
          (next, context) => async (args) => {
            if (context.clientName === "IAMClient") sent.push(context.commandName ?? "?");
            return next(args);
          },
          { step: "initialize", name: "recordCommands" },
        );
      },
    },
    ACCOUNT,
  );
  return { clients, sent };
}

const WRITES = /^(Update|Create|Put|Delete|Attach|Detach)/;
let iam: IAMClient;
const keys: Record<string, string[]> = {};
const values = { graceDays: 7, privateRouting: false };

async function statuses(user: string): Promise<string[]> {
  const { AccessKeyMetadata = [] } = await iam.send(new ListAccessKeysCommand({ UserName: user }));
  return (keys[user] ?? []).map(
    (id) => AccessKeyMetadata.find((k) => k.AccessKeyId === id)?.Status ?? "gone",
  );
}

async function plan(name: string, now: Date) {
  const r = rule(name);
  const { clients, sent } = recordingClients();
  const actions = await planRule(r, parseParameters(r.name, r.parameters, {}), new LiveSource(clients), {
    now,
    values,
    scope: { accountId: ACCOUNT },
  });
  return { actions, clients, sent };
}

beforeAll(async () => {
  iam = (await recordingClients().clients.use("iam")).client;
  for (const [user, count] of [
    ["mgn-agent-one", 1],
    ["mgn-agent-two", 2],
    ["mgn-agent-stale", 1],
  ] as const) {
    await iam.send(new CreateUserCommand({ UserName: user }));
    await iam.send(new AttachUserPolicyCommand({ UserName: user, PolicyArn: AGENT }));
    keys[user] = [];
    for (let i = 0; i < count; i++) {
      const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: user }));
      keys[user].push(AccessKey?.AccessKeyId ?? "");
      // Distinct creation seconds, so slots map to distinct keys.
      if (i + 1 < count) await new Promise((r) => setTimeout(r, 1100));
    }
  }
});

describe("deactivating MGN agent access keys (moto)", () => {
  const later = new Date(Date.now() + 10 * DAY);

  it("plans one deactivation per flagged key and makes no write call in a dry run", async () => {
    const { actions, clients, sent } = await plan("mgn-agent-key-cleanup", later);
    const named = actions.map((a) => `${a.resourceName} ${a.action}`).sort();
    expect(named).toEqual([
      expect.stringMatching(
        /^mgn-agent-one deactivate access key 1 \(created \d{4}-\d\d-\d\d\) of mgn-agent-one$/,
      ),
      expect.stringMatching(/^mgn-agent-stale deactivate access key 1 /),
      expect.stringMatching(/^mgn-agent-two deactivate access key 1 /),
      expect.stringMatching(/^mgn-agent-two deactivate access key 2 /),
    ]);
    const results = await executeAll(actions, clients, { apply: false });
    expect(results.map((r) => r.status)).toEqual(["planned", "planned", "planned", "planned"]);
    const one = results.find((r) => r.resourceName === "mgn-agent-one");
    expect(one?.calls).toEqual([
      `iam:UpdateAccessKey UserName=mgn-agent-one AccessKeyId=${keys["mgn-agent-one"]?.[0]} Status=Inactive`,
    ]);
    expect(sent.filter((c) => WRITES.test(c))).toEqual([]);
    expect(await statuses("mgn-agent-two")).toEqual(["Active", "Active"]);
  });

  it("rotation with two young active keys deactivates the older one only", async () => {
    const { actions } = await plan("mgn-agent-key-rotation", new Date());
    expect(actions.map((a) => [a.resourceName, a.step])).toEqual([
      ["mgn-agent-two", expect.objectContaining({ kind: "deactivateAccessKey", slot: 1 })],
    ]);
  });

  it("skips a key deactivated since the finding (a stale remediation request) and changes nothing", async () => {
    const { actions, clients, sent } = await plan("mgn-agent-key-cleanup", later);
    const stale = actions.filter((a) => a.resourceName === "mgn-agent-stale");
    expect(stale).toHaveLength(1);
    await iam.send(
      new UpdateAccessKeyCommand({
        UserName: "mgn-agent-stale",
        AccessKeyId: keys["mgn-agent-stale"]?.[0],
        Status: "Inactive",
      }),
    );
    const [result] = await executeAll(stale, clients, { apply: true });
    expect(result).toMatchObject({
      status: "skipped",
      reason: `${keys["mgn-agent-stale"]?.[0]} is already inactive`,
    });
    expect(sent.filter((c) => WRITES.test(c))).toEqual([]);
  });

  it("applies the deactivations, and a second --apply does nothing", async () => {
    const first = await plan("mgn-agent-key-cleanup", later);
    const applied = await executeAll(first.actions, first.clients, { apply: true });
    expect(
      applied
        .filter((r) => r.status === "applied")
        .map((r) => r.resourceName)
        .sort(),
    ).toEqual(["mgn-agent-one", "mgn-agent-two", "mgn-agent-two"]);
    expect(await statuses("mgn-agent-two")).toEqual(["Inactive", "Inactive"]);
    expect(await statuses("mgn-agent-one")).toEqual(["Inactive"]);

    const second = await plan("mgn-agent-key-cleanup", later);
    const again = await executeAll(second.actions, second.clients, { apply: true });
    expect(again.every((r) => r.status === "skipped" || r.status === "planned")).toBe(true);
    expect(again.filter((r) => r.status !== "skipped")).toEqual([]);
    expect(second.sent.filter((c) => WRITES.test(c))).toEqual([]);
  });
});
