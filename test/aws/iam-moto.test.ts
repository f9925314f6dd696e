import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  GetAccessKeyLastUsedCommand,
  type IAMClient,
  ListAccessKeysCommand,
  UpdateAccessKeyCommand,
} from "@aws-sdk/client-iam";
import { beforeAll, describe, expect, it } from "vitest";
import { policiesFromApi } from "../../packages/core/src/aws/iam.js";
import type { MgnApi } from "../../packages/core/src/aws/mgn.js";
import { iamGetAccountAuthorizationDetails } from "../../packages/core/src/aws/read.js";
import { LiveSource, RecordingSource } from "../../packages/core/src/aws/source.js";
import { evaluateAll } from "../../packages/core/src/config/evaluator.js";
import { findRule } from "../../packages/core/src/rules/index.js";
import { parseParameters } from "../../packages/core/src/rules/params.js";
import type { AnyRule } from "../../packages/core/src/rules/types.js";
import { motoClients, useMotoEnvironment } from "../support/moto.js";
import { isolateMotoAccount } from "../support/moto-account.js";

/**
 * IAM against moto: users, groups, AWS managed MGN agent policies (moto loads them with
 * MOTO_IAM_LOAD_MANAGED_POLICIES=true), access keys and the credential report, read through the
 * same LiveSource the Lambda uses. Also measures the calls a periodic run makes.
 */

const ACCOUNT = "400000000004";
const AGENT = "arn:aws:iam::aws:policy/AWSApplicationMigrationAgentPolicy";
const INSTALL = "arn:aws:iam::aws:policy/AWSApplicationMigrationAgentInstallationPolicy";
const DAY = 86_400_000;

function rule(name: string): AnyRule {
  const found = findRule(name);
  if (!found) throw new Error(name);
  return found;
}

const noServers: MgnApi = {
  describeSourceServers: async () => ({ items: [] }),
  describeReplicationConfigurationTemplates: async () => ({ items: [] }),
  getReplicationConfiguration: async () => null,
};

/** Clients whose every HTTP request is counted, by operation. */
function countingClients(accountId: string, mgn: MgnApi = noServers) {
  useMotoEnvironment(accountId);
  const requests = new Map<string, number>();
  const clients = isolateMotoAccount(
    {
      region: "us-east-1",
      maxAttempts: 2,
      mgn,
      configure: (client) => {
        (client as unknown as IAMClient).middlewareStack.add(
          (next, context) => async (args) => {
            // Count IAM requests only (the one service these tests call per user).
            if (context.clientName === "IAMClient") {
              const name = context.commandName ?? "?";
              requests.set(name, (requests.get(name) ?? 0) + 1);
            }
            return next(args);
          },
          { step: "initialize", name: "countRequests" },
        );
      },
    },
    accountId,
  );
  return { clients, requests, total: () => [...requests.values()].reduce((a, b) => a + b, 0) };
}

const isolated = () => motoClients(ACCOUNT);

let iam: IAMClient;
let keyIds: Record<string, string> = {};

beforeAll(async () => {
  iam = (await isolated().use("iam")).client;
  const user = async (name: string, ...policies: string[]) => {
    await iam.send(new CreateUserCommand({ UserName: name }));
    for (const p of policies) await iam.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: p }));
  };
  await user("mgn-agent-direct", AGENT);
  await user("mgn-agent-grouped");
  await iam.send(new CreateGroupCommand({ GroupName: "mgn-installers" }));
  await iam.send(new AttachGroupPolicyCommand({ GroupName: "mgn-installers", PolicyArn: INSTALL }));
  await iam.send(new AddUserToGroupCommand({ GroupName: "mgn-installers", UserName: "mgn-agent-grouped" }));
  await user("mgn-agent-retired", INSTALL);
  await user("deploy-bot", "arn:aws:iam::aws:policy/ReadOnlyAccess");
  await iam.send(
    new CreatePolicyCommand({
      PolicyName: "mgn-agent-boundary",
      PolicyDocument: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Action: "*", Resource: "*" },
          {
            Effect: "Deny",
            Action: "*",
            Resource: "*",
            Condition: { DateGreaterThan: { "aws:CurrentTime": "2030-01-01T00:00:00Z" } },
          },
        ],
      }),
    }),
  );
  keyIds = {};
  for (const name of [
    "mgn-agent-direct",
    "mgn-agent-grouped",
    "mgn-agent-grouped",
    "mgn-agent-retired",
    "deploy-bot",
  ]) {
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
    keyIds[name] = AccessKey?.AccessKeyId ?? "";
  }
  await iam.send(
    new UpdateAccessKeyCommand({
      UserName: "mgn-agent-retired",
      AccessKeyId: keyIds["mgn-agent-retired"],
      Status: "Inactive",
    }),
  );
});

describe("IAM agent users against moto", () => {
  it("returns one evaluation per user: agent users (direct or via a group) evaluated, others NOT_APPLICABLE", async () => {
    const r = rule("mgn-agent-key-rotation");
    const later = new Date(Date.now() + 40 * DAY);
    const evaluations = await evaluateAll(
      r,
      parseParameters(r.name, r.parameters, {}),
      new LiveSource(isolated()),
      later,
    );
    const byName = Object.fromEntries(evaluations.map((e) => [e.resourceName, e]));
    expect(Object.keys(byName).sort()).toEqual([
      "deploy-bot",
      "mgn-agent-direct",
      "mgn-agent-grouped",
      "mgn-agent-retired",
    ]);
    expect(byName["deploy-bot"]?.compliance).toBe("NOT_APPLICABLE");
    expect(byName["mgn-agent-retired"]?.compliance).toBe("COMPLIANT");
    expect(byName["mgn-agent-direct"]).toMatchObject({
      resourceType: "AWS::IAM::User",
      resourceId: expect.not.stringMatching(/^mgn-agent-direct$/),
      compliance: "NON_COMPLIANT",
      annotation: expect.stringMatching(
        /access key 1 \(created \d{4}-\d{2}-\d{2}\) is older than 30 days, never used \(more than 14 days\)/,
      ),
    });
    expect(byName["mgn-agent-grouped"]?.annotation).toMatch(
      /^MGN agent user: 2 active keys; delete access key 1/,
    );
  });

  it("returns COMPLIANT for freshly created agent keys at the current time", async () => {
    const r = rule("mgn-agent-key-rotation");
    const evaluations = await evaluateAll(
      r,
      parseParameters(r.name, r.parameters, {}),
      new LiveSource(isolated()),
      new Date(),
    );
    expect(evaluations.find((e) => e.resourceName === "mgn-agent-direct")?.compliance).toBe("COMPLIANT");
  });

  it("returns NON_COMPLIANT from mgn-agent-key-cleanup when the region has no source servers and keys are past the grace period", async () => {
    const { clients } = countingClients(ACCOUNT);
    const r = rule("mgn-agent-key-cleanup");
    const evaluations = await evaluateAll(
      r,
      parseParameters(r.name, r.parameters, {}),
      new LiveSource(clients),
      new Date(Date.now() + 3 * DAY),
    );
    expect(evaluations.find((e) => e.resourceName === "mgn-agent-direct")).toMatchObject({
      compliance: "NON_COMPLIANT",
      annotation: expect.stringMatching(/^no MGN source servers in this region; delete access key 1/),
    });
  });

  it("returns NON_COMPLIANT from mgn-agent-key-expiry for agent users without a boundary (moto has no user boundaries)", async () => {
    const r = rule("mgn-agent-key-expiry");
    const evaluations = await evaluateAll(
      r,
      parseParameters(r.name, r.parameters, {}),
      new LiveSource(isolated()),
      new Date(),
    );
    expect(evaluations.find((e) => e.resourceName === "mgn-agent-grouped")).toMatchObject({
      compliance: "NON_COMPLIANT",
      annotation: expect.stringContaining("no permissions boundary"),
    });
  });

  it("reads customer managed policies' default documents, decoded, from GetAccountAuthorizationDetails", async () => {
    const output = await new LiveSource(isolated()).read(iamGetAccountAuthorizationDetails);
    const boundary = policiesFromApi(output).find((p) => p.name === "mgn-agent-boundary");
    expect(JSON.stringify(boundary?.document)).toContain('"aws:CurrentTime":"2030-01-01T00:00:00Z"');
    expect(boundary?.arn).toBe(`arn:aws:iam::${ACCOUNT}:policy/mgn-agent-boundary`);
    // AWS managed policies are not listed (the LocalManagedPolicy filter keeps the output small).
    expect(policiesFromApi(output).some((p) => p.arn.startsWith("arn:aws:iam::aws:"))).toBe(false);
  });

  it("records the credential report as decoded CSV text and never a secret in a capture", async () => {
    const recorder = new RecordingSource(new LiveSource(isolated()));
    const r = rule("mgn-agent-key-expiry");
    await evaluateAll(r, parseParameters(r.name, r.parameters, {}), recorder, new Date());
    const text = JSON.stringify(recorder.services);
    const report = recorder.services.iam?.GetCredentialReport as { Content: string };
    expect(report.Content.split("\n")[0]).toMatch(/^user,arn,user_creation_time,/);
    expect(report.Content).toContain("mgn-agent-direct");
    expect(text).not.toMatch(/SecretAccessKey|moto-secret/i);
  });

  it("makes a constant number of IAM calls per periodic run with the credential report, unlike per-user key listing", async () => {
    const measure = async () => {
      const counting = countingClients(ACCOUNT);
      const source = new LiveSource(counting.clients);
      for (const name of ["mgn-agent-key-rotation", "mgn-agent-key-cleanup", "mgn-agent-key-expiry"]) {
        const r = rule(name);
        await evaluateAll(r, parseParameters(r.name, r.parameters, {}), source, new Date());
      }
      return counting;
    };
    const before = await measure();
    // The credential report path: one GAAD listing + GenerateCredentialReport + GetCredentialReport.
    expect(Object.fromEntries(before.requests)).toEqual({
      GetAccountAuthorizationDetailsCommand: 1,
      GenerateCredentialReportCommand: 1,
      GetCredentialReportCommand: 1,
    });
    // The per-user alternative needs ListAccessKeys per user and GetAccessKeyLastUsed per key.
    const perUser = countingClients(ACCOUNT);
    const { client: perUserIam } = await perUser.clients.use("iam");
    for (const name of ["mgn-agent-direct", "mgn-agent-grouped", "mgn-agent-retired", "deploy-bot"]) {
      const { AccessKeyMetadata = [] } = await perUserIam.send(new ListAccessKeysCommand({ UserName: name }));
      for (const k of AccessKeyMetadata)
        await perUserIam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: k.AccessKeyId }));
    }
    expect(perUser.total()).toBe(4 + 5);
    // Adding users does not add calls to a run.
    for (let i = 0; i < 20; i++) {
      await iam.send(new CreateUserCommand({ UserName: `extra-${i}` }));
      await iam.send(new CreateAccessKeyCommand({ UserName: `extra-${i}` }));
    }
    const after = await measure();
    expect(after.total()).toBe(before.total());
  });
});
