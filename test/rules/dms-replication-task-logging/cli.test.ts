import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../../packages/core/src/cli/main.js";
import { sampleAccount } from "../../support/fixtures.js";

/** `migration-guard audit --snapshot` with dms-replication-task-logging: a snapshot without task settings is bad input (exit 2). */

const dir = mkdtempSync(join(tmpdir(), "mg-task-logging-"));

async function audit(snapshot: unknown, rules: string) {
  const file = join(dir, `${rules}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(snapshot));
  let stdout = "";
  let stderr = "";
  const code = await main(["audit", "--snapshot", file, "--rules", rules, "--format", "json"], {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: {},
  });
  return { code, stdout, stderr };
}

/** The sample account as captured before task settings were read (DescribeReplicationTasks WithoutSettings). */
function withoutSettings() {
  const account = sampleAccount();
  const output = account.services.dms?.DescribeReplicationTasks as {
    ReplicationTasks: Record<string, unknown>[];
  };
  for (const task of output.ReplicationTasks) delete task.ReplicationTaskSettings;
  return account;
}

describe("migration-guard audit with dms-replication-task-logging", () => {
  it("exits 2 with one line naming the task and what to do when the snapshot's tasks carry no ReplicationTaskSettings", async () => {
    const { code, stderr } = await audit(withoutSettings(), "dms-replication-task-logging");

    expect(code).toBe(2);
    expect(stderr).toBe(
      "migration-guard: dms-replication-task-logging: dms.DescribeReplicationTasks.ReplicationTasks[0] (orders-full-load-cdc) has no ReplicationTaskSettings: it was read without task settings (WithoutSettings); capture the account again with --capture\n",
    );
  });

  it("still evaluates migration-no-sensitive-data on that snapshot", async () => {
    const { code, stderr, stdout } = await audit(withoutSettings(), "migration-no-sensitive-data");

    expect(stderr).toBe("");
    expect(code).toBe(1);
    const tasks = (JSON.parse(stdout) as { results: { resourceType: string }[] }).results.filter(
      (r) => r.resourceType === "AWS::DMS::ReplicationTask",
    );
    expect(tasks).toHaveLength(2);
  });

  it("exits 1 on the sample account, whose legacy task logs SOURCE_UNLOAD at WARNING and not TARGET_LOAD", async () => {
    const { code, stdout } = await audit(sampleAccount(), "dms-replication-task-logging");

    expect(code).toBe(1);
    const results = (JSON.parse(stdout) as { results: { resourceName: string; compliance: string }[] })
      .results;
    expect(results.map((r) => [r.resourceName, r.compliance])).toEqual([
      ["orders-full-load-cdc", "COMPLIANT"],
      ["legacy-mysql-to-datalake", "NON_COMPLIANT"],
    ]);
  });
});
