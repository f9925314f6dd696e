import {
  CreateEndpointCommand,
  DatabaseMigrationServiceClient,
} from "@aws-sdk/client-database-migration-service";
import {
  BatchImportFindingsCommand,
  GetFindingsCommand,
  SecurityHubClient,
} from "@aws-sdk/client-securityhub";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { beforeAll, describe, expect, it } from "vitest";
import { AwsClients } from "../../packages/core/src/aws/clients.js";
import { importFindings } from "../../packages/core/src/aws/security-hub.js";
import { main } from "../../packages/core/src/cli/main.js";
import { toAsffFindings } from "../../packages/core/src/report/asff.js";
import { evaluation, input } from "../report/build.js";
import { motoAccountHeader, useMotoEnvironment } from "../support/moto.js";
import { validateInput } from "../support/shape-validator.js";

/**
 * `audit --security-hub`: BatchImportFindings in batches of 100 (securityhub model:
 * BatchImportFindingsRequestFindingList max 100), FailedFindings retried and reported
 * (aws-sdk-client-mock, answers shaped as the model's BatchImportFindingsResponse), and each account's
 * findings imported with that account's credentials (moto, which keeps findings per account).
 */

function findings(n: number) {
  return toAsffFindings(
    input(
      Array.from({ length: n }, (_, i) =>
        evaluation({
          resourceId: `arn:aws:dms:eu-west-1:111122223333:endpoint:E${i}`,
          resourceName: `e${i}`,
        }),
      ),
    ),
  ) as never[];
}

const noWait = async () => {};

describe("importFindings (BatchImportFindings)", () => {
  it("returns every finding imported in batches of at most 100, each request valid for the model", async () => {
    const hub = mockClient(SecurityHubClient);
    hub.on(BatchImportFindingsCommand).callsFake(async (req) => ({
      FailedCount: 0,
      SuccessCount: req.Findings.length,
      FailedFindings: [],
    }));
    const result = await importFindings(new SecurityHubClient({ region: "eu-west-1" }), findings(250), {
      sleep: noWait,
    });
    const calls = hub.commandCalls(BatchImportFindingsCommand);
    expect(calls.map((c) => c.args[0].input.Findings?.length)).toEqual([100, 100, 50]);
    for (const c of calls)
      expect(validateInput("securityhub", "BatchImportFindings", c.args[0].input)).toEqual([]);
    expect(result).toEqual({ imported: 250, failed: [] });
    hub.restore();
  });

  it("returns the findings Security Hub failed retried, and imported once the retry succeeds", async () => {
    const all = findings(3) as { Id: string }[];
    const failedId = all[1]?.Id ?? "";
    const hub = mockClient(SecurityHubClient);
    hub
      .on(BatchImportFindingsCommand)
      .resolvesOnce({
        FailedCount: 1,
        SuccessCount: 2,
        FailedFindings: [{ Id: failedId, ErrorCode: "InternalFailure", ErrorMessage: "try again" }],
      })
      .resolvesOnce({ FailedCount: 0, SuccessCount: 1, FailedFindings: [] });
    const result = await importFindings(new SecurityHubClient({ region: "eu-west-1" }), all as never[], {
      sleep: noWait,
    });
    const calls = hub.commandCalls(BatchImportFindingsCommand);
    expect(calls.map((c) => c.args[0].input.Findings?.map((f) => f.Id))).toEqual([
      all.map((f) => f.Id),
      [failedId],
    ]);
    expect(result).toEqual({ imported: 3, failed: [] });
    hub.restore();
  });

  it("returns the findings still failed after three attempts with Security Hub's reason", async () => {
    const all = findings(2) as { Id: string }[];
    const hub = mockClient(SecurityHubClient);
    hub.on(BatchImportFindingsCommand).callsFake(async (req) => ({
      FailedCount: 1,
      SuccessCount: req.Findings.length - 1,
      FailedFindings: [{ Id: all[0]?.Id, ErrorCode: "InvalidInput", ErrorMessage: "Finding too large" }],
    }));
    const result = await importFindings(new SecurityHubClient({ region: "eu-west-1" }), all as never[], {
      sleep: noWait,
    });
    expect(hub.commandCalls(BatchImportFindingsCommand)).toHaveLength(3);
    expect(result.failed).toEqual([
      { Id: all[0]?.Id, ErrorCode: "InvalidInput", ErrorMessage: "Finding too large" },
    ]);
    hub.restore();
  });

  it("throws naming securityhub:BatchImportFindings when the call is denied", async () => {
    const hub = mockClient(SecurityHubClient);
    hub
      .on(BatchImportFindingsCommand)
      .rejects(Object.assign(new Error("not authorized"), { name: "AccessDeniedException" }));
    await expect(
      importFindings(new SecurityHubClient({ region: "eu-west-1" }), findings(1), { sleep: noWait }),
    ).rejects.toThrow("securityhub:BatchImportFindings was denied");
    hub.restore();
  });
});

const REGION = "us-east-1";
const MANAGEMENT = "730000000001";
const MEMBERS = ["730000000002", "730000000003"];
const ROLE = "migration-guard-member";

async function memberCredentials(accountId: string) {
  const sts = new STSClient({ region: REGION });
  const out = await sts.send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/${ROLE}`, RoleSessionName: "setup" }),
  );
  const c = out.Credentials;
  return {
    accessKeyId: c?.AccessKeyId ?? "",
    secretAccessKey: c?.SecretAccessKey ?? "",
    sessionToken: c?.SessionToken ?? "",
  };
}

async function run(args: string[], securityHub?: () => Pick<SecurityHubClient, "send">) {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: {},
    clients: () =>
      new AwsClients({ region: REGION, maxAttempts: 2, configure: motoAccountHeader(MANAGEMENT) }),
    ...(securityHub ? { securityHub } : {}),
  });
  return { code, stdout, stderr };
}

describe("migration-guard audit --security-hub (moto)", () => {
  beforeAll(async () => {
    useMotoEnvironment(MANAGEMENT);
    for (const [i, accountId] of MEMBERS.entries()) {
      const dms = new DatabaseMigrationServiceClient({
        region: REGION,
        credentials: await memberCredentials(accountId),
      });
      await dms.send(
        new CreateEndpointCommand({
          EndpointIdentifier: `member-${i}-pg`,
          EndpointType: "source",
          EngineName: "postgres",
          ServerName: `db${i}.example.internal`,
          Port: 5432,
          DatabaseName: "app",
          Username: "dms",
          Password: "not-a-real-password",
        }),
      );
    }
  });

  it("imports each account's findings into that account's Security Hub with that account's credentials", async () => {
    const { code, stderr } = await run([
      "audit",
      "--rules",
      "dms-endpoint-authentication",
      "--role-name",
      ROLE,
      "--accounts",
      MEMBERS.join(","),
      "--format",
      "csv",
      "--security-hub",
      // postgres endpoints authenticate with the database user: NOT_APPLICABLE for this rule.
      "--include-not-applicable",
    ]);
    expect(stderr).toContain(`Security Hub: 1 finding(s) imported (account ${MEMBERS[0]}, ${REGION})`);
    expect(stderr).toContain(`Security Hub: 1 finding(s) imported (account ${MEMBERS[1]}, ${REGION})`);
    expect([0, 1]).toContain(code);
    for (const [i, accountId] of MEMBERS.entries()) {
      const hub = new SecurityHubClient({ region: REGION, credentials: await memberCredentials(accountId) });
      const { Findings = [] } = await hub.send(new GetFindingsCommand({}));
      expect(Findings.map((f) => [f.AwsAccountId, f.GeneratorId, f.Title])).toEqual([
        [accountId, "dms-endpoint-authentication", `dms-endpoint-authentication: member-${i}-pg`],
      ]);
      expect(Findings[0]?.Compliance?.Status).toBe("NOT_AVAILABLE");
      expect(Findings[0]?.ProductArn).toBe(
        `arn:aws:securityhub:${REGION}:${accountId}:product/${accountId}/default`,
      );
    }
  });

  it("reports the findings Security Hub keeps failing on stderr and exits 3", async () => {
    const hub = mockClient(SecurityHubClient);
    hub.on(BatchImportFindingsCommand).callsFake(async (req) => ({
      FailedCount: req.Findings.length,
      SuccessCount: 0,
      FailedFindings: req.Findings.map((f: { Id: string }) => ({
        Id: f.Id,
        ErrorCode: "InvalidInput",
        ErrorMessage: "rejected",
      })),
    }));
    const { code, stderr } = await run(
      [
        "audit",
        "--rules",
        "dms-endpoint-authentication",
        "--role-name",
        ROLE,
        "--accounts",
        MEMBERS[0] ?? "",
        "--security-hub",
        "--include-not-applicable",
      ],
      () => new SecurityHubClient({ region: REGION }),
    );
    hub.restore();
    expect(code).toBe(3);
    expect(stderr).toMatch(
      /Security Hub: 1 finding\(s\) not imported after retries \(account 730000000002, us-east-1\):\n {2}migration-guard\/us-east-1\/dms-endpoint-authentication\/[0-9a-f]{64}: InvalidInput: rejected\n/,
    );
  }, 30_000);

  it("exits 2 when --security-hub is given with --snapshot", async () => {
    const { code, stderr } = await run(["audit", "--snapshot", "x.json", "--security-hub"]);
    expect([code, stderr]).toEqual([
      2,
      "migration-guard: --security-hub imports the findings of a live audit; it cannot be used with --snapshot (see --help)\n",
    ]);
  });
});
