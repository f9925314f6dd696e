import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateUserCommand,
  type IAMClient,
  ListAccessKeysCommand,
} from "@aws-sdk/client-iam";
import { CreateTopicCommand, type SNSClient } from "@aws-sdk/client-sns";
import { beforeAll, describe, expect, it } from "vitest";
import type { MgnApi } from "../../packages/core/src/aws/mgn.js";
import { handleRemediation } from "../../packages/core/src/remediate/handler.js";
import { parseRemediationSettings } from "../../packages/core/src/remediate/settings.js";
import { useMotoEnvironment } from "../support/moto.js";
import { isolateMotoAccount } from "../support/moto-account.js";

/**
 * The deployed remediation function's logic against moto (IAM, SNS): one resource per request,
 * the live state re-read, each applied action published to the alert topic; a stale request
 * (the resource is compliant again) changes nothing and publishes nothing.
 */

const ACCOUNT = "730000000003";
const AGENT = "arn:aws:iam::aws:policy/AWSApplicationMigrationAgentPolicy";
const LATER = new Date(Date.now() + 10 * 86_400_000);
const noServers: MgnApi = {
  describeSourceServers: async () => ({ items: [] }),
  describeReplicationConfigurationTemplates: async () => ({ items: [] }),
  getReplicationConfiguration: async () => null,
};
const settings = parseRemediationSettings({ "mgn-agent-key-cleanup": { mode: "automatic" } });

function recordingClients() {
  useMotoEnvironment(ACCOUNT);
  const sent: { command: string; input: Record<string, unknown> }[] = [];
  const clients = isolateMotoAccount(
    {
      region: "us-east-1",
      maxAttempts: 2,
      mgn: noServers,
      configure: (client) => {
        (client as unknown as IAMClient).middlewareStack.add(
          (next, context) => async (args) => {
            sent.push({ command: context.commandName ?? "?", input: args.input as Record<string, unknown> });
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

let topicArn = "";
let userId = "";
let iam: IAMClient;

beforeAll(async () => {
  const { clients } = recordingClients();
  iam = (await clients.use("iam")).client;
  const sns = (await clients.use("sns")).client as SNSClient;
  topicArn = (await sns.send(new CreateTopicCommand({ Name: "alerts" }))).TopicArn ?? "";
  const { User } = await iam.send(new CreateUserCommand({ UserName: "mgn-agent-finished" }));
  userId = User?.UserId ?? "";
  await iam.send(new AttachUserPolicyCommand({ UserName: "mgn-agent-finished", PolicyArn: AGENT }));
  await iam.send(new CreateAccessKeyCommand({ UserName: "mgn-agent-finished" }));
});

function run(event: unknown) {
  const { clients, sent } = recordingClients();
  const result = handleRemediation(event, { clients, settings, parameters: {}, topicArn, now: () => LATER });
  return { result, sent };
}

describe("remediation function (moto)", () => {
  it("deactivates the key of the requested user and publishes the action to the alert topic", async () => {
    const { result, sent } = run({ ruleName: "mgn-agent-key-cleanup", resourceId: userId });
    expect((await result).actions).toMatchObject([{ resourceId: userId, status: "applied" }]);
    const { AccessKeyMetadata = [] } = await iam.send(
      new ListAccessKeysCommand({ UserName: "mgn-agent-finished" }),
    );
    expect(AccessKeyMetadata.map((k) => k.Status)).toEqual(["Inactive"]);
    const published = sent.filter((s) => s.command === "PublishCommand");
    expect(published).toHaveLength(1);
    expect(published[0]?.input).toMatchObject({
      TopicArn: topicArn,
      Subject: "migration-guard remediated mgn-agent-key-cleanup",
      Message: expect.stringContaining("Action: deactivate access key 1"),
    });
  });

  it("changes nothing for a stale request (the key is inactive now): no write, no alert", async () => {
    const { result, sent } = run({ ruleName: "mgn-agent-key-cleanup", resourceId: userId });
    const { actions } = await result;
    expect(actions.every((a) => a.status === "skipped")).toBe(true);
    expect(sent.map((s) => s.command).filter((c) => /^(Update|Put|Create|Publish)/.test(c))).toEqual([]);
  });

  it("changes nothing for a resource that is not there", async () => {
    const { result, sent } = run({ ruleName: "mgn-agent-key-cleanup", resourceId: "AIDANOSUCHUSER000000" });
    expect((await result).actions).toEqual([]);
    expect(sent.map((s) => s.command).filter((c) => /^(Update|Put|Create|Publish)/.test(c))).toEqual([]);
  });

  it("refuses a request for a rule whose remediation the stage did not enable", async () => {
    await expect(run({ ruleName: "mgn-agent-key-rotation", resourceId: userId }).result).rejects.toThrow(
      "has no remediation enabled in this stage",
    );
    await expect(run({ ruleName: "mgn-agent-key-cleanup" }).result).rejects.toThrow("resourceId is missing");
  });
});
