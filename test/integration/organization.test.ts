import type { ConfigServiceClient } from "@aws-sdk/client-config-service";
import {
  CreateEndpointCommand,
  DatabaseMigrationServiceClient,
  DescribeCertificatesCommand,
  type DescribeCertificatesCommandOutput,
  DescribeDataProvidersCommand,
} from "@aws-sdk/client-database-migration-service";
import { CreateRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { CreateAccountCommand, CreateOrganizationCommand } from "@aws-sdk/client-organizations";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity } from "@aws-sdk/types";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AwsClients } from "../../packages/core/src/aws/clients.js";
import { assumeRoleClientOf, MemberAccess } from "../../packages/core/src/aws/member-access.js";
import { main } from "../../packages/core/src/cli/main.js";
import { handleConfigRuleEvent } from "../../packages/core/src/config/handler.js";
import { findRule } from "../../packages/core/src/rules/index.js";
import { useMotoEnvironment } from "../support/moto.js";

/**
 * An AWS Organization in moto: a management account, two member accounts created with
 * CreateAccount, the member role in each, and DMS endpoints that differ per account. moto keys
 * state by account, and credentials from AssumeRole belong to the role's account, so each
 * member's resources are only visible through that member's assumed role.
 *
 * moto lacks dms:DescribeCertificates and dms:DescribeDataProviders (the members have no data
 * providers: answered empty) and does not refuse AssumeRole for a missing role: the
 * first is answered per account through aws-sdk-client-mock (in the API reference's shape), the
 * second by an STS middleware that denies the management account's role as AWS would.
 */

const REGION = "us-east-1";
const MANAGEMENT = "710000000007";
const ROLE = "migration-guard-member";
const STACK_SET = "migration-guard-test-members";
const rule = findRule("dms-endpoint-tls");
if (!rule) throw new Error("dms-endpoint-tls missing from the registry");

let management: AwsClients;
let managementCredentials: AwsCredentialIdentity;
let alpha: string;
let beta: string;
const endpointArns = new Map<string, string>();

async function assume(sts: STSClient, accountId: string, roleName: string): Promise<AwsCredentialIdentity> {
  const output = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${accountId}:role/${roleName}`,
      RoleSessionName: "test-setup",
    }),
  );
  const c = output.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error("AssumeRole returned no credentials");
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    sessionToken: c.SessionToken ?? "",
  };
}

async function accountOf(credentials: AwsCredentialIdentity): Promise<string | undefined> {
  const sts = new STSClient({ region: REGION, credentials });
  return (await sts.send(new GetCallerIdentityCommand({}))).Account;
}

/** Answers AssumeRole for `deniedAccount` the way STS does when the role is missing or untrusting. */
function denyRoleIn(deniedAccount: string): (client: STSClient) => void {
  return (client) =>
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { RoleArn?: string };
        if (context.commandName === "AssumeRoleCommand" && input.RoleArn?.split(":")[4] === deniedAccount) {
          throw Object.assign(
            new Error(
              `User: arn:aws:sts::${MANAGEMENT}:assumed-role/OrgAdmin/test is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`,
            ),
            { name: "AccessDenied", $fault: "client", $metadata: { httpStatusCode: 403 } },
          );
        }
        return next(args);
      },
      { step: "initialize", name: "denyMissingRole" },
    );
}

function managementClients(): AwsClients {
  // The middleware is added to every client; it only answers AssumeRole calls.
  const deny = denyRoleIn(MANAGEMENT);
  return new AwsClients({
    region: REGION,
    credentials: managementCredentials,
    maxAttempts: 2,
    configure: (client) => deny(client as unknown as STSClient),
  });
}

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      stdout: { write: (t: string) => out.push(t) },
      stderr: { write: (t: string) => err.push(t) },
      env: {},
      clients: () => managementClients(),
    },
  };
}

const dmsMock = mockClient(DatabaseMigrationServiceClient);

beforeAll(async () => {
  useMotoEnvironment(MANAGEMENT);
  // Prepare: the management account, reached from moto's default account, creates the organization.
  managementCredentials = await assume(new STSClient({ region: REGION }), MANAGEMENT, "OrgAdmin");
  management = new AwsClients({ region: REGION, credentials: managementCredentials });
  const { client: organizations } = await management.use("organizations");
  await organizations.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
  const created: string[] = [];
  for (const name of ["alpha", "beta"]) {
    const output = await organizations.send(
      new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }),
    );
    const id = output.CreateAccountStatus?.AccountId;
    if (!id) throw new Error("CreateAccount returned no account id");
    created.push(id);
  }
  [alpha = "", beta = ""] = created;

  // Each member: the role migration-guard assumes, and its own DMS endpoints.
  const endpoints: Record<string, { id: string; engine: string; sslMode: string; certificate?: boolean }[]> =
    {
      [alpha]: [{ id: "alpha-pg", engine: "postgres", sslMode: "none" }],
      [beta]: [
        { id: "beta-pg", engine: "postgres", sslMode: "verify-full", certificate: true },
        { id: "beta-mysql", engine: "mysql", sslMode: "none" },
      ],
    };
  dmsMock.send.callThrough();
  dmsMock.on(DescribeDataProvidersCommand).resolves({ DataProviders: [] });
  dmsMock.on(DescribeCertificatesCommand).callsFake(async (_input, getClient) => {
    const client = getClient() as DatabaseMigrationServiceClient;
    const account = await accountOf(await client.config.credentials());
    const output: DescribeCertificatesCommandOutput = { $metadata: {}, Certificates: [] };
    if (account === beta) {
      output.Certificates = [
        {
          CertificateIdentifier: "beta-ca",
          CertificateArn: `arn:aws:dms:${REGION}:${beta}:cert:BETACA`,
          ValidFromDate: new Date("2025-01-01T00:00:00Z"),
          ValidToDate: new Date("2030-01-01T00:00:00Z"),
          KeyLength: 2048,
          SigningAlgorithm: "SHA256withRSA",
        },
      ];
    }
    return output;
  });
  const orgSts = new STSClient({ region: REGION, credentials: managementCredentials });
  for (const [account, list] of Object.entries(endpoints)) {
    const credentials = await assume(orgSts, account, "OrganizationAccountAccessRole");
    await new IAMClient({ region: REGION, credentials }).send(
      new CreateRoleCommand({
        RoleName: ROLE,
        AssumeRolePolicyDocument: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` },
              Action: "sts:AssumeRole",
            },
          ],
        }),
      }),
    );
    const dms = new DatabaseMigrationServiceClient({ region: REGION, credentials });
    for (const e of list) {
      const output = await dms.send(
        new CreateEndpointCommand({
          EndpointIdentifier: e.id,
          EndpointType: "source",
          EngineName: e.engine,
          ServerName: `${e.id}.example.internal`,
          Port: 5432,
          DatabaseName: "app",
          Username: "dms",
          Password: "not-a-real-password",
          SslMode: e.sslMode as never,
          ...(e.certificate ? { CertificateArn: `arn:aws:dms:${REGION}:${beta}:cert:BETACA` } : {}),
        }),
      );
      endpointArns.set(e.id, output.Endpoint?.EndpointArn ?? "");
    }
  }
});

afterAll(() => {
  dmsMock.restore();
});

interface JsonResult {
  accountId: string;
  resourceName: string;
  resourceId: string;
  compliance: string;
}

describe("audit across accounts", () => {
  it("returns each account's resources under its own account id with --accounts", async () => {
    const { out, err, io } = capture();
    const code = await main(
      [
        "audit",
        "--rules",
        "dms-endpoint-tls",
        "--role-name",
        ROLE,
        "--accounts",
        `${alpha},${beta}`,
        "--format",
        "json",
        "--now",
        "2026-11-23T00:00:00Z",
      ],
      io,
    );
    const report = JSON.parse(out.join("")) as {
      accounts: { accountId: string; status: string }[];
      results: JsonResult[];
    };
    expect(code).toBe(1);
    expect(report.accounts).toEqual([
      { accountId: alpha, status: "ok", results: 1 },
      { accountId: beta, status: "ok", results: 2 },
    ]);
    const byName = Object.fromEntries(report.results.map((r) => [r.resourceName, r]));
    expect(Object.keys(byName).sort()).toEqual(["alpha-pg", "beta-mysql", "beta-pg"]);
    expect(byName["alpha-pg"]).toMatchObject({ accountId: alpha, compliance: "NON_COMPLIANT" });
    expect(byName["beta-pg"]).toMatchObject({ accountId: beta, compliance: "COMPLIANT" });
    expect(byName["beta-mysql"]).toMatchObject({ accountId: beta, compliance: "NON_COMPLIANT" });
    expect(byName["alpha-pg"]?.resourceId).toContain(`:${alpha}:`);
    expect(err.join("")).toContain("auditing 2 account(s)");
    expect(err.join("")).toMatch(/\[2\/2\] account \d{12}: \d result/);
  });

  it("returns exit 3 with the failing account named while the others complete with --organization", async () => {
    const { out, err, io } = capture();
    const code = await main(
      [
        "audit",
        "--rules",
        "dms-endpoint-tls",
        "--role-name",
        ROLE,
        "--organization",
        "--now",
        "2026-11-23T00:00:00Z",
      ],
      io,
    );
    const table = out.join("");
    expect(code).toBe(3);
    // The management account has no member role: reported, not fatal.
    expect(table).toContain(`── ${MANAGEMENT} (`);
    expect(table).toContain(
      `not audited: account ${MANAGEMENT}: cannot assume role arn:aws:iam::${MANAGEMENT}:role/${ROLE}`,
    );
    expect(table).toContain(`── ${alpha} (alpha) ──`);
    expect(table).toContain(`── ${beta} (beta) ──`);
    const alphaSection = table.slice(table.indexOf(`── ${alpha}`), table.indexOf(`── ${beta}`));
    expect(alphaSection).toContain("alpha-pg");
    expect(alphaSection).not.toContain("beta-");
    expect(table).toContain(
      "All 3 account(s): 2 non-compliant, 1 compliant, 0 not applicable, 1 account(s) failed",
    );
    expect(err.join("")).toContain("auditing 3 account(s)");
  });

  it("returns exit 0 with --exit-zero when the accounts are audited but non-compliant", async () => {
    const { io } = capture();
    expect(
      await main(
        [
          "audit",
          "--rules",
          "dms-endpoint-tls",
          "--role-name",
          ROLE,
          "--accounts",
          alpha,
          "--exit-zero",
          "--format",
          "json",
        ],
        io,
      ),
    ).toBe(0);
  });
});

describe("Config handler in organization mode", () => {
  function scheduledEvent(accountId: string | undefined) {
    return {
      invokingEvent: JSON.stringify({
        messageType: "ScheduledNotification",
        notificationCreationTime: "2026-11-23T00:00:00.000Z",
      }),
      ruleParameters: "{}",
      resultToken: "TESTMODE",
      eventLeftScope: false,
      configRuleName: "dms-endpoint-tls",
      ...(accountId ? { accountId } : {}),
      executionRoleArn: `arn:aws:iam::${accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
    };
  }

  /** Record what each member's Config client sends, with the access key it signed with. */
  function recordPuts(config: ConfigServiceClient, puts: { accessKeyId: string; resourceIds: string[] }[]) {
    config.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === "GetComplianceDetailsByConfigRuleCommand") {
          // moto lacks this API: no earlier results.
          return { output: { $metadata: {}, EvaluationResults: [] }, response: {} };
        }
        const result = await next(args);
        if (context.commandName === "PutEvaluationsCommand") {
          const auth = String((args.request as { headers: Record<string, string> }).headers.authorization);
          const input = args.input as { Evaluations: { ComplianceResourceId: string }[] };
          puts.push({
            accessKeyId: /Credential=([^/]+)\//.exec(auth)?.[1] ?? "",
            resourceIds: input.Evaluations.map((e) => e.ComplianceResourceId),
          });
        }
        return result;
      },
      { step: "finalizeRequest", name: "recordPuts", priority: "low" },
    );
  }

  it("returns each member's evaluations reported with that member's credentials", async () => {
    const base = managementClients();
    const members = new MemberAccess({
      roleName: ROLE,
      region: REGION,
      sts: assumeRoleClientOf(base),
      stackSetName: STACK_SET,
    });
    const puts = new Map<string, { accessKeyId: string; resourceIds: string[] }[]>();
    for (const account of [alpha, beta]) {
      const list: { accessKeyId: string; resourceIds: string[] }[] = [];
      recordPuts((await (await members.clients(account)).use("config")).client, list);
      puts.set(account, list);
    }

    const alphaResult = await handleConfigRuleEvent(rule, scheduledEvent(alpha), { clients: base, members });
    const betaResult = await handleConfigRuleEvent(rule, scheduledEvent(beta), { clients: base, members });

    expect(alphaResult).toMatchObject({
      accountId: alpha,
      evaluations: 1,
      byCompliance: { NON_COMPLIANT: 1 },
    });
    expect(betaResult).toMatchObject({
      accountId: beta,
      evaluations: 2,
      byCompliance: { COMPLIANT: 1, NON_COMPLIANT: 1 },
    });
    expect(puts.get(alpha)?.flatMap((p) => p.resourceIds)).toEqual([endpointArns.get("alpha-pg")]);
    expect(
      puts
        .get(beta)
        ?.flatMap((p) => p.resourceIds)
        .sort(),
    ).toEqual([endpointArns.get("beta-pg"), endpointArns.get("beta-mysql")].sort());
    // The access key each PutEvaluations was signed with belongs to the event's account (per moto).
    for (const account of [alpha, beta]) {
      const signedWith = puts.get(account)?.[0]?.accessKeyId;
      const credentials = await members.credentials(account);
      expect(signedWith).toBe(credentials.accessKeyId);
      expect(await accountOf(credentials)).toBe(account);
    }
    // Credentials were assumed once per account and reused.
    expect(members.assumeRoleCalls).toBe(2);
  });

  it("throws naming the account, the role and the StackSet when the member role cannot be assumed", async () => {
    const base = managementClients();
    const members = new MemberAccess({
      roleName: ROLE,
      region: REGION,
      sts: assumeRoleClientOf(base),
      stackSetName: STACK_SET,
    });
    await expect(
      handleConfigRuleEvent(rule, scheduledEvent(MANAGEMENT), { clients: base, members }),
    ).rejects.toThrow(
      `dms-endpoint-tls: account ${MANAGEMENT}: cannot assume role arn:aws:iam::${MANAGEMENT}:role/${ROLE} (AccessDenied): the role is missing or does not trust these credentials; it is created in each member by the StackSet ${STACK_SET}`,
    );
  });

  it("throws when an organization-mode event has no accountId", async () => {
    const base = managementClients();
    const members = new MemberAccess({ roleName: ROLE, region: REGION, sts: assumeRoleClientOf(base) });
    await expect(
      handleConfigRuleEvent(rule, scheduledEvent(undefined), { clients: base, members }),
    ).rejects.toThrow("event.accountId: missing; organization mode needs the member account");
    expect(members.assumeRoleCalls).toBe(0);
  });
});
