import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AwsClients } from "../../packages/core/src/aws/clients.js";
import { main } from "../../packages/core/src/cli/main.js";
import { handleConfigRuleEvent } from "../../packages/core/src/config/handler.js";
import { RULES } from "../../packages/core/src/rules/index.js";
import { ruleResourceTypes } from "../../packages/core/src/rules/types.js";
import { generateAccount } from "../support/aws/dataset.js";
import { FakeAws } from "../support/aws/server.js";

/**
 * Secrets never leak: an account whose DMS endpoints carry planted passwords (Password,
 * KafkaSettings.SaslPassword and SslClientKeyPassword, MongoDbSettings.Password,
 * RedisSettings.AuthPassword, OracleSettings.AsmPassword and SecurityDbEncryption, ...) and whose
 * snapshot carries access-key secrets is run through every rule (the Lambda handler: its logs and
 * the PutEvaluations it sends) and the audit CLI (table and json, live, --capture and the snapshot
 * it writes, and a snapshot given by the user). None of the planted values may appear anywhere.
 */

const SECRETS = [
  "Pl4nted-DMS-Passw0rd-7f3a",
  "Pl4nted-Kafka-SASL-91bc",
  "Pl4nted-Mongo-Cred-55de",
  "Pl4nted/AccessKeySecret/wJalrXUtnFEMIK7MDENG",
  "Pl4nted-Oracle-TDE-3c09",
];
const account = generateAccount({ users: 50, endpoints: 120, seed: 21, secrets: SECRETS });
const server = new FakeAws(account);
let dir = "";

function leaks(text: string): string[] {
  return SECRETS.filter((s) => text.includes(s));
}

function io(env: Record<string, string | undefined> = {}) {
  const out = { stdout: "", stderr: "" };
  return {
    out,
    io: {
      stdout: { write: (t: string) => (out.stdout += t) },
      stderr: { write: (t: string) => (out.stderr += t) },
      env,
      clients: () =>
        new AwsClients({
          region: "us-east-1",
          credentials: { accessKeyId: "AKIDSECRETS", secretAccessKey: "secrets-test-key" },
          maxAttempts: 2,
        }),
    },
  };
}

/** Capture everything written to stdout/stderr (Powertools Logger writes its JSON lines there). */
async function capturingOutput<T>(run: () => Promise<T>): Promise<{ result: T | Error; written: string }> {
  let written = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    written += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    written += String(chunk);
    return true;
  });
  try {
    const result = await run().catch((e: unknown) => e as Error);
    return { result, written };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

beforeAll(async () => {
  await server.start();
  process.env.AWS_ENDPOINT_URL = server.endpoint;
  process.env.AWS_REGION = "us-east-1";
  process.env.AWS_ACCESS_KEY_ID = "AKIDSECRETS";
  process.env.AWS_SECRET_ACCESS_KEY = "secrets-test-key";
  dir = await mkdtemp(join(tmpdir(), "mg-secrets-"));
});

afterAll(async () => {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
  delete process.env.AWS_ENDPOINT_URL;
});

describe("secret hygiene", () => {
  it("plants secrets the API really returns (the fixture is not vacuous)", async () => {
    const response = await fetch(server.endpoint, {
      method: "POST",
      headers: {
        "x-amz-target": "AmazonDMSv20160101.DescribeEndpoints",
        "content-type": "application/x-amz-json-1.1",
      },
      body: "{}",
    });
    const body = await response.text();
    expect(leaks(body).sort()).toEqual([...SECRETS].sort());
    expect(body).toContain('"SaslPassword"');
    expect(body).toContain('"SecurityDbEncryption"');
  });

  it("never logs or reports a secret from any rule's Lambda handler, periodic or change-triggered", async () => {
    for (const rule of RULES) {
      vi.resetModules();
      process.env.RULE_NAME = rule.name;
      const { handler } = (await import("../../functions/evaluate.js")) as {
        handler: (event: unknown) => Promise<unknown>;
      };
      const scheduled = {
        invokingEvent: JSON.stringify({
          messageType: "ScheduledNotification",
          notificationCreationTime: "2026-11-01T00:00:00.000Z",
        }),
        ruleParameters: "{}",
        resultToken: `${rule.name}-secrets`,
        configRuleName: `${rule.name}-secrets`,
        accountId: account.accountId,
      };
      const endpoint = account.dms.endpoints.find((e) => e.EngineName === "kafka") as Record<string, unknown>;
      const changed = (configuration: unknown, status = "OK") => ({
        invokingEvent: JSON.stringify({
          messageType: "ConfigurationItemChangeNotification",
          notificationCreationTime: "2026-11-01T00:00:00.000Z",
          configurationItem: {
            configurationItemStatus: status,
            configurationItemCaptureTime: "2026-11-01T00:00:00.000Z",
            resourceType: ruleResourceTypes(rule)[0],
            resourceId: String(endpoint.EndpointArn),
            ARN: String(endpoint.EndpointArn),
            configuration,
          },
        }),
        ruleParameters: "{}",
        resultToken: `${rule.name}-secrets`,
        accountId: account.accountId,
      });
      const runs = [
        scheduled,
        changed(endpoint),
        // Malformed next to the secret: the error names the field, never the neighbouring values.
        changed({
          ...endpoint,
          KafkaSettings: { ...(endpoint.KafkaSettings as object), SecurityProtocol: 42 },
        }),
        changed(JSON.stringify(endpoint).slice(0, 120)),
        { ...scheduled, ruleParameters: `{"minimumLevel": "${SECRETS[0]}"` },
      ];
      for (const event of runs) {
        const { written } = await capturingOutput(() => handler(event));
        expect(written.length).toBeGreaterThan(0);
        expect(leaks(written), `${rule.name} logged a secret`).toEqual([]);
      }
    }
    delete process.env.RULE_NAME;
    const sent = server.putBodies.join("\n");
    expect(sent).toContain("Annotation");
    expect(leaks(sent), "a PutEvaluations annotation carried a secret").toEqual([]);
  });

  it("never logs a secret through the core handler's log, even for an invalid parameter value", async () => {
    const lines: string[] = [];
    const log = {
      info: (m: string, e?: Record<string, unknown>) => lines.push(m, JSON.stringify(e ?? {})),
      error: (m: string, e?: Record<string, unknown>) => lines.push(m, JSON.stringify(e ?? {})),
    };
    for (const rule of RULES) {
      await handleConfigRuleEvent(
        rule,
        {
          invokingEvent: JSON.stringify({
            messageType: "ScheduledNotification",
            notificationCreationTime: "2026-11-01T00:00:00.000Z",
          }),
          ruleParameters: "{}",
          resultToken: `${rule.name}-log`,
          configRuleName: `${rule.name}-log`,
          accountId: account.accountId,
        },
        { clients: new AwsClients({ region: "us-east-1", maxAttempts: 2 }), log },
      );
    }
    expect(lines.length).toBeGreaterThan(0);
    expect(leaks(lines.join("\n"))).toEqual([]);
  });

  it("never prints a secret from the audit CLI, live in both formats, nor writes one to a --capture snapshot", async () => {
    const capture = join(dir, "capture.json");
    for (const format of ["table", "json"]) {
      const { out, io: cliIo } = io();
      const code = await main(["audit", "--format", format, "--capture", capture, "--exit-zero"], cliIo);
      expect(code).toBe(0);
      expect(out.stdout).toContain("dms-endpoint-tls");
      expect(leaks(out.stdout + out.stderr), `${format} output`).toEqual([]);
      const written = await readFile(capture, "utf8");
      expect(written).toContain("DescribeEndpoints");
      expect(leaks(written), "captured snapshot").toEqual([]);
    }
  });

  it("never prints a secret from a user-supplied snapshot that contains them, in either format", async () => {
    const snapshot = {
      accountId: account.accountId,
      region: "us-east-1",
      capturedAt: "2026-11-01T00:00:00.000Z",
      services: {
        dms: {
          DescribeEndpoints: { Endpoints: account.dms.endpoints },
          DescribeCertificates: { Certificates: account.dms.certificates },
          DescribeReplicationInstances: { ReplicationInstances: account.dms.replicationInstances },
        },
        iam: {
          ListAccessKeys: Object.fromEntries(
            account.users.map((u) => [
              u.UserName,
              { AccessKeyMetadata: u.accessKeys.map((k) => ({ ...k, SecretAccessKey: k.secret })) },
            ]),
          ),
        },
      },
    };
    const file = join(dir, "snapshot.json");
    await writeFile(file, JSON.stringify(snapshot));
    for (const format of ["table", "json"]) {
      const { out, io: cliIo } = io();
      await main(["audit", "--snapshot", file, "--format", format, "--exit-zero"], cliIo);
      expect(out.stdout.length + out.stderr.length).toBeGreaterThan(0);
      expect(leaks(out.stdout + out.stderr), `${format} output`).toEqual([]);
    }
  });
});
