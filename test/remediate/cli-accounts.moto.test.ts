import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
  ListAccessKeysCommand,
} from "@aws-sdk/client-iam";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity } from "@aws-sdk/types";
import { beforeAll, describe, expect, it } from "vitest";
import { AwsClients } from "../../packages/core/src/aws/clients.js";
import { main } from "../../packages/core/src/cli/main.js";
import { useMotoEnvironment } from "../support/moto.js";

/**
 * `migration-guard remediate --role-name R --accounts A` against moto: the plan and the actions run
 * in the member account, reached with AssumeRole (moto's assumed credentials belong to the role's
 * account), and the report names that account. Organization mode deploys no remediation, so this
 * is how it is done there.
 */

const REGION = "us-east-1";
const MANAGEMENT = "730000000020";
const MEMBER = "730000000021";
const ROLE = "migration-guard-member";
const AGENT = "arn:aws:iam::aws:policy/AWSApplicationMigrationAgentPolicy";

let management: AwsCredentialIdentity;
let memberIam: IAMClient;

async function assume(sts: STSClient, accountId: string, roleName: string): Promise<AwsCredentialIdentity> {
  const { Credentials: c } = await sts.send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/${roleName}`, RoleSessionName: "test" }),
  );
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error("AssumeRole returned no credentials");
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    sessionToken: c.SessionToken ?? "",
  };
}

async function cli(...args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(
    ["remediate", "--rules", "mgn-agent-key-rotation", "--role-name", ROLE, "--accounts", MEMBER, ...args],
    {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
      env: {},
      clients: () => new AwsClients({ region: REGION, credentials: management, maxAttempts: 2 }),
    },
  );
  return { code, stdout, stderr };
}

beforeAll(async () => {
  useMotoEnvironment(MANAGEMENT);
  management = await assume(new STSClient({ region: REGION }), MANAGEMENT, "Admin");
  const member = await assume(new STSClient({ region: REGION, credentials: management }), MEMBER, ROLE);
  memberIam = new IAMClient({ region: REGION, credentials: member });
  await memberIam.send(new CreateUserCommand({ UserName: "mgn-agent-member" }));
  await memberIam.send(new AttachUserPolicyCommand({ UserName: "mgn-agent-member", PolicyArn: AGENT }));
  await memberIam.send(new CreateAccessKeyCommand({ UserName: "mgn-agent-member" }));
  await new Promise((r) => setTimeout(r, 1100));
  await memberIam.send(new CreateAccessKeyCommand({ UserName: "mgn-agent-member" }));
});

describe("remediate across accounts (moto)", () => {
  it("plans in the member account, then applies there with --apply", async () => {
    const dry = await cli("--format", "json");
    expect(dry.code).toBe(1);
    const doc = JSON.parse(dry.stdout) as {
      applied: boolean;
      accounts: { accountId: string; actions: { status: string; resourceName: string }[] }[];
    };
    expect(doc.applied).toBe(false);
    expect(doc.accounts.map((a) => a.accountId)).toEqual([MEMBER]);
    expect(doc.accounts[0]?.actions).toMatchObject([{ resourceName: "mgn-agent-member", status: "planned" }]);

    const wet = await cli("--apply");
    expect(wet.code).toBe(0);
    expect(wet.stdout).toContain(`Remediation of account ${MEMBER} in ${REGION} (applied)`);
    const { AccessKeyMetadata = [] } = await memberIam.send(
      new ListAccessKeysCommand({ UserName: "mgn-agent-member" }),
    );
    expect(AccessKeyMetadata.map((k) => k.Status).sort()).toEqual(["Active", "Inactive"]);
  });
});
