import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigServiceClient, PutEvaluationsCommand } from "@aws-sdk/client-config-service";
import {
  CreateEndpointCommand,
  type CreateEndpointCommandInput,
  DatabaseMigrationServiceClient,
  DescribeCertificatesCommand,
  DescribeDataProvidersCommand,
  DescribeEndpointsCommand,
} from "@aws-sdk/client-database-migration-service";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../packages/core/src/cli/main.js";
import { handleConfigRuleEvent } from "../../packages/core/src/config/handler.js";
import { rule } from "../../packages/core/src/rules/dms-endpoint-tls/index.js";
import { fixture } from "../support/fixtures.js";
import { motoClients } from "../support/moto.js";

// Real SDK calls over HTTP to moto. moto has no DMS certificate API, so DescribeCertificates
// alone is answered by aws-sdk-client-mock (API-reference shape); every other DMS call passes
// through to moto.
const ACCOUNT = "210000000001";
const CERT_ARN = "arn:aws:dms:us-east-1:123456789012:cert:EXAMPLEROOTCA2024AAAAAAAAAA";

const endpoints: CreateEndpointCommandInput[] = [
  {
    EndpointIdentifier: "pg-verified",
    EndpointType: "source",
    EngineName: "postgres",
    SslMode: "verify-full",
    CertificateArn: CERT_ARN,
  },
  { EndpointIdentifier: "mysql-plain", EndpointType: "source", EngineName: "mysql", SslMode: "none" },
  {
    EndpointIdentifier: "mssql-require",
    EndpointType: "source",
    EngineName: "sqlserver",
    SslMode: "require",
  },
  {
    EndpointIdentifier: "lake-s3",
    EndpointType: "target",
    EngineName: "s3",
    S3Settings: { BucketName: "lake", ServiceAccessRoleArn: "arn:aws:iam::210000000001:role/dms" },
  },
  {
    EndpointIdentifier: "events-kafka",
    EndpointType: "target",
    EngineName: "kafka",
    KafkaSettings: { Broker: "b-1:9092", SecurityProtocol: "plaintext" },
  },
];
const EXPECTED: Record<string, string> = {
  "pg-verified": "COMPLIANT",
  "mysql-plain": "NON_COMPLIANT",
  "mssql-require": "NON_COMPLIANT",
  "lake-s3": "COMPLIANT",
  "events-kafka": "NON_COMPLIANT",
};

// The unmocked send functions, saved before aws-sdk-client-mock replaces them.
type Send = (this: unknown, command: unknown) => Promise<never>;
const realSend = DatabaseMigrationServiceClient.prototype.send as unknown as Send;
const realConfigSend = ConfigServiceClient.prototype.send as unknown as Send;
const dmsMock = mockClient(DatabaseMigrationServiceClient);

beforeAll(async () => {
  dmsMock.on(DescribeCertificatesCommand).resolves(fixture("dms/DescribeCertificates/reference.json"));
  // No data providers in this account (moto has no DescribeDataProviders).
  dmsMock.on(DescribeDataProvidersCommand).resolves({ DataProviders: [] });
  dmsMock
    .on(DescribeEndpointsCommand)
    .callsFake((input, getClient) => realSend.call(getClient(), new DescribeEndpointsCommand(input)));
  const { client: dms } = await motoClients(ACCOUNT).use("dms");
  for (const input of endpoints) {
    await realSend.call(
      dms,
      new CreateEndpointCommand({
        ...input,
        Username: "dms",
        Password: "planted-Pa55word!",
        ServerName: "db.example.com",
        Port: 5432,
      }),
    );
  }
});
afterAll(() => dmsMock.restore());

describe("dms-endpoint-tls against moto", () => {
  it("reports every endpoint of the live account with the expected compliance (audit CLI, json)", async () => {
    let stdout = "";
    let stderr = "";
    const code = await main(["audit", "--format", "json", "--rules", "dms-endpoint-tls"], {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
      env: {},
      clients: () => motoClients(ACCOUNT),
    });
    expect(stderr).toBe("");
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.accountId).toBe(ACCOUNT);
    const got = Object.fromEntries(
      report.results.map((r: { resourceName: string; compliance: string }) => [r.resourceName, r.compliance]),
    );
    expect(got).toEqual(EXPECTED);
    expect(stdout).not.toContain("planted-Pa55word!");
  });

  it("captures the live account into a snapshot that audits to the same results", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "mg-capture-")), "capture.json");
    const io = (out: { text: string }) => ({
      stdout: { write: (t: string) => (out.text += t) },
      stderr: { write: () => true },
      env: {},
      clients: () => motoClients(ACCOUNT),
    });
    const live = { text: "" };
    await main(
      [
        "audit",
        "--format",
        "json",
        "--capture",
        file,
        "--rules",
        "dms-endpoint-tls",
        "--now",
        "2026-11-20T09:00:00Z",
      ],
      io(live),
    );
    const snapshot = JSON.parse(readFileSync(file, "utf8"));
    expect(snapshot).toMatchObject({
      accountId: ACCOUNT,
      region: "us-east-1",
      capturedAt: "2026-11-20T09:00:00.000Z",
    });
    expect(snapshot.services.dms.DescribeEndpoints.Endpoints).toHaveLength(endpoints.length);
    const replay = { text: "" };
    await main(["audit", "--format", "json", "--snapshot", file, "--rules", "dms-endpoint-tls"], io(replay));
    expect(JSON.parse(replay.text).results).toEqual(JSON.parse(live.text).results);
  });

  it("reports every endpoint through the Config handler on a scheduled TESTMODE run", async () => {
    const configMock = mockClient(ConfigServiceClient);
    try {
      const sent: { ids: string[]; testMode: boolean | undefined }[] = [];
      configMock.onAnyCommand().callsFake(async (input, getClient) => {
        if ("Evaluations" in input) {
          sent.push({
            ids: input.Evaluations.map((e: { ComplianceResourceId: string }) => e.ComplianceResourceId),
            testMode: input.TestMode,
          });
          return realConfigSend.call(getClient(), new PutEvaluationsCommand(input));
        }
        return { EvaluationResults: [] };
      });
      const event = {
        ...fixture<Record<string, unknown>>("config/ScheduledNotification/default.json"),
        resultToken: "TESTMODE",
        accountId: ACCOUNT,
      };
      const result = await handleConfigRuleEvent(rule, event, { clients: motoClients(ACCOUNT) });
      expect(result).toMatchObject({
        evaluations: 5,
        byCompliance: { COMPLIANT: 2, NON_COMPLIANT: 3, NOT_APPLICABLE: 0 },
      });
      expect(sent).toHaveLength(1);
      expect(sent[0]?.testMode).toBe(true);
      expect(sent[0]?.ids.every((id) => id.startsWith("arn:aws:dms:us-east-1:"))).toBe(true);
    } finally {
      configMock.restore();
    }
  });
});
