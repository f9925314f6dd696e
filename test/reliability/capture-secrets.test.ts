import { lstat, mkdtemp, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AwsClients } from "../../packages/core/src/aws/clients.js";
import { main } from "../../packages/core/src/cli/main.js";
import { alertFor, parseComplianceChange } from "../../packages/core/src/notify/message.js";
import { RULES } from "../../packages/core/src/rules/index.js";
import { ruleResourceTypes } from "../../packages/core/src/rules/types.js";
import changeEvent from "../fixtures/config/ComplianceChange/default.json" with { type: "json" };
import { generateAccount } from "../support/aws/dataset.js";
import { FakeAws } from "../support/aws/server.js";

/**
 * `--capture` scrubs by value: credentials planted in fields that are not named as secrets
 * (ExtraConnectionAttributes, connection URLs and server names, Kafka's Broker, OpenSearch's
 * EndpointUri, AfterConnectScript, tag values, a private key beside a certificate, an Oracle
 * wallet) never reach the snapshot file, the CLI's output or its errors. Each is replaced by a
 * typed marker, and the replayed capture reports the resources that held them as the live audit did.
 */

const PEM_DIR = new URL("../fixtures/dms/certificates/", import.meta.url);
const WALLET_SECRET = "Pl4nted-Wallet-Bytes-11";

/** Planted value → where. */
const PLANTED: Record<string, string> = {
  "Pl4nted-ECA-Secret-01": "ExtraConnectionAttributes password=",
  "Pl4nted-Mongo-Url-02": "MongoDbSettings.ServerName mongodb://user:password@",
  "Pl4nted-Server-Url-03": "ServerName mongodb://user:password@",
  "Pl4nted-Kafka-Broker-04": "KafkaSettings.Broker user:password@",
  "Pl4nted-OpenSearch-05": "ElasticsearchSettings.EndpointUri https://user:password@",
  "Pl4nted-Script-06": "PostgreSQLSettings.AfterConnectScript PASSWORD '…'",
  "Pl4nted-Tag-Token-07": "tag value token=",
  "Pl4nted-Tag-Pass-08": "tag value password: …",
  Pl4ntedTagPrivateKey09: "tag value holding a private key",
  Pl4ntedPemPrivateKey10: "CertificatePem private key block beside the certificate",
  [WALLET_SECRET]: "CertificateWallet bytes",
  [Buffer.from(WALLET_SECRET).toString("base64")]: "CertificateWallet (base64)",
  Pl4ntedEcParams12: "CertificatePem EC PARAMETERS block",
  "Pl4nted-DocDb-13@x": "DocDbSettings.ServerName with @ in the password",
};
const SECRETS = Object.keys(PLANTED);

const account = generateAccount({ users: 5, endpoints: 40, seed: 31 });
const server = new FakeAws(account);
let dir = "";

function leaks(text: string): string[] {
  return SECRETS.filter((s) => text.includes(s));
}

function endpointOf(engine: string): Record<string, unknown> {
  const found = account.dms.endpoints.find((e) => e.EngineName === engine);
  if (!found) throw new Error(`the generated account has no ${engine} endpoint`);
  return found;
}

function plant(): string[] {
  const arns: string[] = [];
  const at = (e: Record<string, unknown>) => {
    arns.push(String(e.EndpointArn));
    return e;
  };
  at(endpointOf("postgres")).ExtraConnectionAttributes =
    "heartbeatEnable=true;password=Pl4nted-ECA-Secret-01;";
  (endpointOf("postgres") as Record<string, unknown>).PostgreSQLSettings = {
    AfterConnectScript: "SET search_path TO app; ALTER ROLE dms PASSWORD 'Pl4nted-Script-06'",
  };
  const mongo = at(endpointOf("mongodb"));
  mongo.ServerName = "mongodb://dms:Pl4nted-Server-Url-03@mongo-1.corp.example.com:27017/app";
  (mongo.MongoDbSettings as Record<string, unknown>).ServerName =
    "mongodb://dms:Pl4nted-Mongo-Url-02@mongo-1.corp.example.com:27017/app";
  (at(endpointOf("kafka")).KafkaSettings as Record<string, unknown>).Broker =
    "dms:Pl4nted-Kafka-Broker-04@b-1.kafka.example.com:9096,b-2.kafka.example.com:9096";
  (at(endpointOf("opensearch")).ElasticsearchSettings as Record<string, unknown>).EndpointUri =
    "https://admin:Pl4nted-OpenSearch-05@search-1.example.com";
  (at(endpointOf("docdb")).DocDbSettings as Record<string, unknown>).ServerName =
    "mongodb://dms:Pl4nted-DocDb-13@x@docdb-1.example.com:27017";
  const tagged = at(endpointOf("mysql"));
  account.dms.tags.set(String(tagged.EndpointArn), [
    { Key: "Deploy", Value: "token=Pl4nted-Tag-Token-07" },
    { Key: "Admin", Value: "password: Pl4nted-Tag-Pass-08" },
    { Key: "Key", Value: "-----BEGIN PRIVATE KEY-----Pl4ntedTagPrivateKey09" },
  ]);
  return arns;
}

async function cli(args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: {},
    clients: () =>
      new AwsClients({
        region: "us-east-1",
        credentials: { accessKeyId: "AKIDCAPTURE", secretAccessKey: "capture-test-key" },
        maxAttempts: 2,
      }),
  });
  return { code, stdout, stderr };
}

interface Result {
  rule: string;
  resourceId: string;
  compliance: string;
  annotation: string;
}

let planted: string[] = [];
let certificateArn = "";

beforeAll(async () => {
  planted = plant();
  const rootCa = await readFile(new URL("root-ca.pem", PEM_DIR), "utf8");
  const certificate = account.dms.certificates[0] as Record<string, unknown>;
  certificateArn = String(certificate.CertificateArn);
  certificate.CertificatePem = `${rootCa}-----BEGIN RSA PRIVATE KEY-----\nPl4ntedPemPrivateKey10AAAA\n-----END RSA PRIVATE KEY-----\n-----BEGIN EC PARAMETERS-----\nPl4ntedEcParams12\n-----END EC PARAMETERS-----\n`;
  const wallet = account.dms.certificates[1] as Record<string, unknown>;
  wallet.CertificatePem = undefined;
  wallet.CertificateWallet = Buffer.from(WALLET_SECRET).toString("base64");
  await server.start();
  process.env.AWS_ENDPOINT_URL = server.endpoint;
  // The Lambda handler's clients read the environment (fake credentials for the local server).
  process.env.AWS_REGION = "us-east-1";
  process.env.AWS_ACCESS_KEY_ID = "AKIDCAPTURE";
  process.env.AWS_SECRET_ACCESS_KEY = "capture-test-key";
  dir = await mkdtemp(join(tmpdir(), "mg-capture-"));
});

afterAll(async () => {
  await server.stop();
  delete process.env.AWS_ENDPOINT_URL;
  await rm(dir, { recursive: true, force: true });
});

describe("--capture", () => {
  it("writes no planted secret, leaves typed markers, and the replay reports what the live audit did", async () => {
    const file = join(dir, "capture.json");
    // Something already at the path, readable by all: replaced by a 0600 file.
    await writeFile(file, "old", { mode: 0o644 });

    const live = await cli(["audit", "--capture", file, "--format", "json", "--exit-zero"]);
    expect(live.code, live.stderr).toBe(0);
    const written = await readFile(file, "utf8");
    expect(written).toContain("DescribeEndpoints");
    expect(leaks(written), "captured snapshot").toEqual([]);
    expect(leaks(live.stdout + live.stderr), "live output").toEqual([]);
    for (const m of ["secret", "credentials", "private-key", "pem", "wallet", "script"])
      expect(written).toContain(`[redacted:${m}]`);
    expect(written).toContain("-----BEGIN CERTIFICATE-----");
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    const replay = await cli(["audit", "--snapshot", file, "--format", "json", "--exit-zero"]);
    expect(replay.code, replay.stderr).toBe(0);
    expect(leaks(replay.stdout + replay.stderr), "replayed output").toEqual([]);

    const verdicts = (text: string, rule: string) =>
      new Map(
        (JSON.parse(text) as { results: Result[] }).results
          .filter((r) => r.rule === rule)
          .map((r) => [r.resourceId, r.compliance]),
      );
    for (const rule of ["migration-no-sensitive-data", "dms-certificate-validity"]) {
      expect(verdicts(replay.stdout, rule), rule).toEqual(verdicts(live.stdout, rule));
    }
    const sensitive = verdicts(replay.stdout, "migration-no-sensitive-data");
    for (const arn of planted) expect(sensitive.get(arn), arn).toBe("NON_COMPLIANT");
    expect(verdicts(replay.stdout, "dms-certificate-validity").get(certificateArn)).toBe("NON_COMPLIANT");
  });

  it("replaces a symlink at the path instead of writing through it", async () => {
    const target = join(dir, "elsewhere.txt");
    await writeFile(target, "not yours", { mode: 0o644 });
    const file = join(dir, "link.json");
    await symlink(target, file);

    const { code } = await cli(["audit", "--capture", file, "--rules", "dms-endpoint-tls", "--exit-zero"]);

    expect(code).toBe(0);
    expect(await readFile(target, "utf8")).toBe("not yours");
    expect((await lstat(file)).isSymbolicLink()).toBe(false);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, "utf8")).toContain("DescribeEndpoints");
  });

  it("never logs, annotates or alerts a secret planted by value, from any rule's Lambda handler", async () => {
    let written = "";
    const capture = (chunk: string | Uint8Array) => {
      written += String(chunk);
      return true;
    };
    const out = vi.spyOn(process.stdout, "write").mockImplementation(capture);
    const err = vi.spyOn(process.stderr, "write").mockImplementation(capture);
    try {
      for (const rule of RULES) {
        vi.resetModules();
        process.env.RULE_NAME = rule.name;
        const { handler } = (await import("../../functions/evaluate.js")) as {
          handler: (event: unknown) => Promise<unknown>;
        };
        const base = {
          ruleParameters: "{}",
          resultToken: `${rule.name}-planted`,
          accountId: account.accountId,
        };
        await handler({
          ...base,
          configRuleName: `${rule.name}-planted`,
          invokingEvent: JSON.stringify({
            messageType: "ScheduledNotification",
            notificationCreationTime: "2026-11-01T00:00:00.000Z",
          }),
        }).catch(() => undefined);
        for (const engine of ["postgres", "mongodb", "kafka", "opensearch"]) {
          const e = endpointOf(engine);
          await handler({
            ...base,
            invokingEvent: JSON.stringify({
              messageType: "ConfigurationItemChangeNotification",
              notificationCreationTime: "2026-11-01T00:00:00.000Z",
              configurationItem: {
                configurationItemStatus: "OK",
                configurationItemCaptureTime: "2026-11-01T00:00:00.000Z",
                resourceType: ruleResourceTypes(rule)[0],
                resourceId: String(e.EndpointArn),
                ARN: String(e.EndpointArn),
                configuration: e,
              },
            }),
          }).catch(() => undefined);
        }
      }
    } finally {
      out.mockRestore();
      err.mockRestore();
      delete process.env.RULE_NAME;
    }
    expect(written.length).toBeGreaterThan(0);
    expect(leaks(written), "logs").toEqual([]);

    const sent = server.putBodies.map(
      (body) =>
        JSON.parse(body) as {
          Evaluations: {
            ComplianceResourceType: string;
            ComplianceResourceId: string;
            ComplianceType: string;
            Annotation: string;
          }[];
          ResultToken: string;
        },
    );
    const evaluations = sent.flatMap((b) => b.Evaluations.map((e) => ({ ...e, token: b.ResultToken })));
    expect(evaluations.some((e) => /contains (credentials|a secret)/.test(e.Annotation))).toBe(true);
    expect(leaks(JSON.stringify(evaluations)), "PutEvaluations annotations").toEqual([]);

    let alerts = 0;
    for (const e of evaluations.filter((x) => x.ComplianceType === "NON_COMPLIANT")) {
      const ruleName = e.token.replace(/-planted$/, "");
      const rule = RULES.find((r) => r.name === ruleName);
      if (!rule) continue;
      const event = structuredClone(changeEvent) as typeof changeEvent;
      event.detail.configRuleName = ruleName;
      event.detail.resourceId = e.ComplianceResourceId;
      event.detail.resourceType = e.ComplianceResourceType;
      event.detail.newEvaluationResult.complianceType = "NON_COMPLIANT";
      event.detail.newEvaluationResult.annotation = e.Annotation;
      const alert = alertFor(parseComplianceChange(event), [{ rule, configRuleName: ruleName }]);
      if (!alert) continue;
      alerts++;
      expect(leaks(alert.subject + alert.message), "alert").toEqual([]);
    }
    expect(alerts).toBeGreaterThan(0);
  });
});
