import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateUserCommand,
  type IAMClient,
  ListAccessKeysCommand,
} from "@aws-sdk/client-iam";
import { beforeAll, describe, expect, it } from "vitest";
import type { MgnApi } from "../../packages/core/src/aws/mgn.js";
import { main } from "../../packages/core/src/cli/main.js";
import { useMotoEnvironment } from "../support/moto.js";
import { isolateMotoAccount } from "../support/moto-account.js";

/**
 * `migration-guard remediate` against moto: a dry run prints the plan and changes nothing,
 * --apply deactivates the keys, a second --apply does nothing; JSON as documented.
 */

const ACCOUNT = "730000000002";
const AGENT = "arn:aws:iam::aws:policy/AWSApplicationMigrationAgentPolicy";
const LATER = new Date(Date.now() + 10 * 86_400_000).toISOString();
const noServers: MgnApi = {
  describeSourceServers: async () => ({ items: [] }),
  describeReplicationConfigurationTemplates: async () => ({ items: [] }),
  getReplicationConfiguration: async () => null,
};

function clients() {
  useMotoEnvironment(ACCOUNT);
  return isolateMotoAccount({ region: "us-east-1", maxAttempts: 2, mgn: noServers }, ACCOUNT);
}

async function cli(...args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(["remediate", ...args], {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: {},
    clients,
  });
  return { code, stdout, stderr };
}

let iam: IAMClient;
async function keyStatus(user: string): Promise<string[]> {
  const { AccessKeyMetadata = [] } = await iam.send(new ListAccessKeysCommand({ UserName: user }));
  return AccessKeyMetadata.map((k) => k.Status ?? "");
}

beforeAll(async () => {
  iam = (await clients().use("iam")).client;
  await iam.send(new CreateUserCommand({ UserName: "mgn-agent-done" }));
  await iam.send(new AttachUserPolicyCommand({ UserName: "mgn-agent-done", PolicyArn: AGENT }));
  await iam.send(new CreateAccessKeyCommand({ UserName: "mgn-agent-done" }));
  await iam.send(new CreateUserCommand({ UserName: "deploy-bot" }));
  await iam.send(new CreateAccessKeyCommand({ UserName: "deploy-bot" }));
});

describe("migration-guard remediate (moto)", () => {
  it("prints the plan as documented JSON in a dry run, exits 1 and changes nothing", async () => {
    const { code, stdout } = await cli(
      "--rules",
      "mgn-agent-key-cleanup",
      "--now",
      LATER,
      "--format",
      "json",
    );
    expect(code).toBe(1);
    const doc = JSON.parse(stdout);
    expect(doc).toEqual({
      accountId: ACCOUNT,
      region: "us-east-1",
      applied: false,
      actions: [
        {
          rule: "mgn-agent-key-cleanup",
          resourceType: "AWS::IAM::User",
          resourceId: expect.any(String),
          resourceName: "mgn-agent-done",
          action: expect.stringMatching(
            /^deactivate access key 1 \(created \d{4}-\d\d-\d\d\) of mgn-agent-done$/,
          ),
          calls: [
            expect.stringMatching(
              /^iam:UpdateAccessKey UserName=mgn-agent-done AccessKeyId=AKIA\w+ Status=Inactive$/,
            ),
          ],
          status: "planned",
        },
      ],
    });
    expect(await keyStatus("mgn-agent-done")).toEqual(["Active"]);
  });

  it("plans an expiry boundary in a dry run (moto's GetUser, ListAccessKeys, GetPolicy)", async () => {
    const { code, stdout } = await cli(
      "--rules",
      "mgn-agent-key-expiry",
      "--format",
      "json",
      "--grace-days",
      "0",
    );
    expect(code).toBe(1);
    const [action] = JSON.parse(stdout).actions;
    expect(action).toMatchObject({
      resourceName: "mgn-agent-done",
      status: "planned",
      calls: [
        expect.stringMatching(
          /^iam:CreatePolicy PolicyName=migration-guard-expiry-\d{4}-\d\d-\d\d Path=\/migration-guard\/$/,
        ),
        expect.stringMatching(
          new RegExp(
            `^iam:PutUserPermissionsBoundary UserName=mgn-agent-done PermissionsBoundary=arn:aws:iam::${ACCOUNT}:policy/migration-guard/migration-guard-expiry-`,
          ),
        ),
      ],
    });
  });

  it("applies with --apply (exit 0), and a second --apply does nothing", async () => {
    const first = await cli("--rules", "mgn-agent-key-cleanup", "--now", LATER, "--apply");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /^ {2}applied {2}mgn-agent-key-cleanup {2}mgn-agent-done: deactivate access key 1/m,
    );
    expect(first.stdout).toContain("Total: 1 applied");
    expect(await keyStatus("mgn-agent-done")).toEqual(["Inactive"]);
    const second = await cli(
      "--rules",
      "mgn-agent-key-cleanup",
      "--now",
      LATER,
      "--apply",
      "--format",
      "json",
    );
    expect(second.code).toBe(0);
    const actions = JSON.parse(second.stdout).actions as { status: string; reason?: string }[];
    expect(actions.map((a) => a.status).filter((s) => s !== "skipped")).toEqual([]);
    expect(await keyStatus("mgn-agent-done")).toEqual(["Inactive"]);
  });

  it("rejects a rule without remediation and bad values with exit 2, before any AWS call", async () => {
    const noRemedy = await cli("--rules", "dms-endpoint-tls");
    expect(noRemedy).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("dms-endpoint-tls has no remediation"),
    });
    const grace = await cli("--grace-days", "soon");
    expect(grace).toMatchObject({ code: 2, stderr: expect.stringContaining("--grace-days") });
    const expires = await cli("--expires", "next week");
    expect(expires).toMatchObject({ code: 2, stderr: expect.stringContaining("expected a date YYYY-MM-DD") });
    const key = await cli("--ebs-kms-key", "alias/mine");
    expect(key).toMatchObject({ code: 2, stderr: expect.stringContaining("expected a KMS key ARN") });
    const snapshot = await cli("--snapshot", "x.json");
    expect(snapshot).toMatchObject({ code: 2, stderr: expect.stringContaining("--snapshot does not apply") });
  });

  it("prints its help", async () => {
    const { code, stdout } = await cli("--help");
    expect(code).toBe(0);
    expect(stdout).toContain("Usage: migration-guard remediate");
    expect(stdout).toContain("mgn-agent-key-cleanup");
  });
});
