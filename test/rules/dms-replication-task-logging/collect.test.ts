import { describe, expect, it } from "vitest";
import { AwsClients } from "../../../packages/core/src/aws/clients.js";
import { replicationTasksFromApi } from "../../../packages/core/src/aws/dms-replication.js";
import {
  type ApiSource,
  LiveSource,
  RecordingSource,
  SnapshotSource,
} from "../../../packages/core/src/aws/source.js";
import { evaluateAll } from "../../../packages/core/src/config/evaluator.js";
import { MalformedInputError } from "../../../packages/core/src/errors.js";
import { rule } from "../../../packages/core/src/rules/dms-replication-task-logging/index.js";
import { rule as noSensitiveData } from "../../../packages/core/src/rules/migration-no-sensitive-data/index.js";
import { parseParameters } from "../../../packages/core/src/rules/params.js";
import { generateAccount } from "../../support/aws/dataset.js";
import { FakeAws } from "../../support/aws/server.js";
import { fixture } from "../../support/fixtures.js";
import { validateOutput } from "../../support/shape-validator.js";

/**
 * The collector side of dms-replication-task-logging: DescribeReplicationTasks read with the task
 * settings, their Logging section parsed (nothing else of them kept), a listing without settings
 * refused as an input error for this rule only, captures that still parse, and the SDK over HTTP.
 */

const now = new Date("2026-11-20T09:00:00Z");
const FIXTURE = "dms/DescribeReplicationTasks/with-settings.json";
type Output = { ReplicationTasks: Record<string, unknown>[] };

function snapshot(output: Output): SnapshotSource {
  return new SnapshotSource({
    accountId: "111122223333",
    region: "eu-west-1",
    capturedAt: now.toISOString(),
    services: { dms: { DescribeReplicationTasks: output, ListTagsForResource: tagsFor(output) } },
  });
}

function tagsFor(output: Output): Record<string, unknown> {
  return Object.fromEntries(output.ReplicationTasks.map((t) => [t.ReplicationTaskArn, { TagList: [] }]));
}

function evaluate(source: ApiSource, params: Record<string, unknown> = {}) {
  return evaluateAll(rule, parseParameters(rule.name, rule.parameters, params), source, now);
}

describe("dms-replication-task-logging collector", () => {
  it("maps DescribeReplicationTasks output with settings (valid against the DMS API model) to the Logging section only", () => {
    const output = fixture<Output>(FIXTURE);
    expect(validateOutput("dms", "DescribeReplicationTasks", output)).toEqual([]);

    const [sales, lift] = replicationTasksFromApi(output);

    expect(sales?.settings?.logging?.enabled).toBe(true);
    expect(sales?.settings?.logging?.components).toContainEqual({
      id: "SOURCE_CAPTURE",
      severity: "LOGGER_SEVERITY_DEFAULT",
    });
    expect(lift?.settings?.logging?.enabled).toBe(false);
    // No other setting reaches the model (TargetMetadata, ErrorBehavior, ...).
    expect(Object.keys(sales?.settings ?? {})).toEqual(["logging"]);
    expect(JSON.stringify(sales)).not.toContain("TargetTablePrepMode");
  });

  it("refuses settings that are not JSON with the field's path, never the text", () => {
    const output = fixture<Output>(FIXTURE);
    (output.ReplicationTasks[1] as Record<string, unknown>).ReplicationTaskSettings =
      '{"Password":"s3cr3t-Xq';

    expect(() => replicationTasksFromApi(output)).toThrow(
      new MalformedInputError(
        "dms.DescribeReplicationTasks.ReplicationTasks[1].ReplicationTaskSettings: expected JSON text, got text that does not parse as JSON",
      ),
    );
  });

  it("evaluates each task of a snapshot read with settings", async () => {
    const evaluations = await evaluate(snapshot(fixture<Output>(FIXTURE)));

    expect(evaluations.map((e) => [e.resourceName, e.resourceType, e.compliance])).toEqual([
      ["sales-full-load-cdc", "AWS::DMS::ReplicationTask", "COMPLIANT"],
      ["lift-full-load", "AWS::DMS::ReplicationTask", "NON_COMPLIANT"],
    ]);
  });

  it("refuses a snapshot captured without task settings (an input error, not logging off); migration-no-sensitive-data still reads it", async () => {
    const output = fixture<Output>(FIXTURE);
    for (const task of output.ReplicationTasks) {
      delete task.ReplicationTaskSettings;
      delete task.TableMappings;
    }

    await expect(evaluate(snapshot(output))).rejects.toThrow(
      new MalformedInputError(
        "dms.DescribeReplicationTasks.ReplicationTasks[0] (sales-full-load-cdc) has no ReplicationTaskSettings: it was read without task settings (WithoutSettings); capture the account again with --capture",
      ),
    );
    const source = snapshot(output);
    source.snapshot.services.dms = {
      ...source.snapshot.services.dms,
      DescribeEndpoints: { Endpoints: [] },
      DescribeReplicationInstances: { ReplicationInstances: [] },
      DescribeCertificates: { Certificates: [] },
      DescribeReplicationConfigs: { ReplicationConfigs: [] },
    };
    const other = await evaluateAll(noSensitiveData, { allowedPatterns: [] }, source, now);
    expect(other.map((e) => e.compliance)).toEqual(["COMPLIANT", "COMPLIANT"]);
  });

  it("captures task settings as JSON that still parses, with secrets in them removed (util/redact.ts)", async () => {
    const output = fixture<Output>(FIXTURE);
    const task = output.ReplicationTasks[0] as Record<string, unknown>;
    const settings = JSON.parse(task.ReplicationTaskSettings as string) as Record<string, unknown>;
    settings.ControlTablesSettings = { ControlSchema: "password=hunter2-Zk", Password: "Pl4nted-x9" };
    task.ReplicationTaskSettings = JSON.stringify(settings);
    const recorder = new RecordingSource(snapshot(output));

    const live = await evaluate(recorder);
    const captured = recorder.toSnapshot("111122223333", "eu-west-1", now);
    const text = JSON.stringify(captured);

    expect(text).not.toContain("hunter2");
    expect(text).not.toContain("Pl4nted");
    const replayedTask = (captured.services.dms?.DescribeReplicationTasks as Output | undefined)
      ?.ReplicationTasks[0];
    const replayedSettings = JSON.parse(String(replayedTask?.ReplicationTaskSettings));
    expect(replayedSettings.ControlTablesSettings).toEqual({ ControlSchema: "password=[redacted:secret]" });
    expect(await evaluate(new SnapshotSource(captured))).toEqual(live);
  });

  // moto 5.2.1 answers DescribeReplicationTasks with ISO-8601 text where the JSON protocol has epoch
  // numbers (ReplicationTaskCreationDate), which the SDK refuses: the local server of
  // test/support/aws/ serves it, and honours WithoutSettings as the DMS API model documents it.
  it("reads task settings from DescribeReplicationTasks over HTTP (local AWS server)", async () => {
    const account = generateAccount({ users: 1, endpoints: 2, seed: 7 });
    const [first] = account.dms.replicationTasks;
    const sales = fixture<Output>(FIXTURE).ReplicationTasks[0] as Record<string, unknown>;
    account.dms.replicationTasks = [
      {
        ...first,
        ReplicationTaskIdentifier: "logged-task",
        ReplicationTaskSettings: sales.ReplicationTaskSettings,
      },
      {
        ...first,
        ReplicationTaskIdentifier: "quiet-task",
        ReplicationTaskArn: `${String(first?.ReplicationTaskArn)}Q`,
        ReplicationTaskSettings: JSON.stringify({
          Logging: {
            EnableLogging: true,
            LogComponents: [{ Id: "SOURCE_CAPTURE", Severity: "LOGGER_SEVERITY_ERROR" }],
          },
        }),
      },
    ];
    const server = new FakeAws(account);
    const saved = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = await server.start();
    try {
      const clients = new AwsClients({
        region: "us-east-1",
        credentials: { accessKeyId: "AKIDLOCAL", secretAccessKey: "local-secret" },
        maxAttempts: 1,
      });
      const evaluations = await evaluate(new LiveSource(clients));

      const byName = Object.fromEntries(evaluations.map((e) => [e.resourceName, e]));
      expect(byName["logged-task"]?.compliance).toBe("COMPLIANT");
      expect(byName["quiet-task"]).toMatchObject({
        compliance: "NON_COMPLIANT",
        resourceType: "AWS::DMS::ReplicationTask",
      });
      expect(byName["quiet-task"]?.annotation).toMatch(
        /^SOURCE_CAPTURE at LOGGER_SEVERITY_ERROR, SOURCE_UNLOAD not in LogComponents, TARGET_APPLY not in LogComponents, TARGET_LOAD not in LogComponents \(minimum/,
      );
      expect(server.minimalCalls("dms.DescribeReplicationTasks")).toBe(1);
    } finally {
      await server.stop();
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
      else process.env.AWS_ENDPOINT_URL = saved;
    }
  });
});
