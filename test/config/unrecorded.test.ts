import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SnapshotSource } from "../../packages/core/src/aws/source.js";
import type { ReportedResult } from "../../packages/core/src/config/config-api.js";
import {
  type ConfigReader,
  evaluateAll,
  evaluateConfigEvent,
} from "../../packages/core/src/config/evaluator.js";
import { parseConfigEvent } from "../../packages/core/src/config/events.js";
import { rule as notPublic } from "../../packages/core/src/rules/dms-replication-instance-not-public/index.js";
import { parseParameters } from "../../packages/core/src/rules/params.js";

/**
 * Resources of types AWS Config does not record (here Schema Conversion instance profiles) on a
 * deployed rule's scheduled run: PutEvaluations would refuse their types (aws-config-rdk issue
 * #290), so they become one AWS::::Account summary per account; the CLI keeps them one by one.
 */

const SAMPLE = JSON.parse(
  readFileSync(new URL("../../examples/sample-account.json", import.meta.url), "utf8"),
) as { services: { dms: Record<string, unknown> } };
const now = new Date("2026-11-20T09:00:00Z");
const params = parseParameters(notPublic.name, notPublic.parameters, {});

function scheduled() {
  const raw = JSON.parse(
    readFileSync(new URL("../fixtures/config/ScheduledNotification/mgn.json", import.meta.url), "utf8"),
  );
  raw.configRuleName = notPublic.name;
  return parseConfigEvent(raw);
}

function config(earlier: ReportedResult[] = []): ConfigReader {
  return {
    getLatestConfigurationItem: async () => {
      throw new Error("not read on a scheduled run");
    },
    listReportedResources: async () => earlier,
  };
}

function source(profiles?: unknown[]) {
  const snapshot = structuredClone(SAMPLE);
  if (profiles) snapshot.services.dms.DescribeInstanceProfiles = { InstanceProfiles: profiles };
  return new SnapshotSource(snapshot as never);
}

describe("unrecorded DMS resource types on a deployed rule's scheduled run", () => {
  it("reports them in one NON_COMPLIANT AWS::::Account evaluation naming the failing resources", async () => {
    const evaluations = await evaluateConfigEvent(notPublic, scheduled(), params, {
      source: source(),
      config: config(),
      now,
    });

    expect(evaluations.filter((e) => e.resourceType === "AWS::DMS::InstanceProfile")).toEqual([]);
    const summary = evaluations.find((e) => e.resourceType === "AWS::::Account");
    expect(summary).toMatchObject({ resourceId: "123456789012", compliance: "NON_COMPLIANT" });
    expect(summary?.annotation).toMatch(
      /^1 of 2 unrecorded DMS resource\(s\) fail: InstanceProfile schema-conversion-quickstart \(run migration-guard audit for each\)/,
    );
    expect(evaluations.some((e) => e.resourceType === "AWS::DMS::ReplicationInstance")).toBe(true);
  });

  it("reports a COMPLIANT summary when every unrecorded resource complies", async () => {
    const profiles = (SAMPLE.services.dms.DescribeInstanceProfiles as { InstanceProfiles: unknown[] })
      .InstanceProfiles;

    const evaluations = await evaluateConfigEvent(notPublic, scheduled(), params, {
      source: source(profiles.slice(0, 1)),
      config: config(),
      now,
    });

    expect(evaluations.find((e) => e.resourceType === "AWS::::Account")?.compliance).toBe("COMPLIANT");
  });

  it("sends no summary without unrecorded resources, and retires an earlier one", async () => {
    const earlier: ReportedResult[] = [
      { resourceType: "AWS::::Account", resourceId: "123456789012", compliance: "NON_COMPLIANT" },
    ];

    const evaluations = await evaluateConfigEvent(notPublic, scheduled(), params, {
      source: source([]),
      config: config(earlier),
      now,
    });

    expect(evaluations.filter((e) => e.resourceType === "AWS::::Account")).toEqual([
      expect.objectContaining({ compliance: "NOT_APPLICABLE", annotation: "resource no longer exists" }),
    ]);
  });

  it("refuses with one clear line an event whose account id is not 12 digits", async () => {
    const event = scheduled();
    event.accountId = "x";

    await expect(
      evaluateConfigEvent(notPublic, event, params, { source: source(), config: config(), now }),
    ).rejects.toThrow(/^reporting DMS resources AWS Config does not record needs the 12-digit account id/);
  });

  it("keeps them one by one, under their own type, on the CLI's path (evaluateAll)", async () => {
    const evaluations = await evaluateAll(notPublic, params, source(), now);

    expect(
      evaluations.filter((e) => e.resourceType === "AWS::DMS::InstanceProfile").map((e) => e.resourceName),
    ).toEqual(["schema-conversion-private", "schema-conversion-quickstart"]);
  });
});
