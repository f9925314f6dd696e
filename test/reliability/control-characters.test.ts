import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseSnapshot, SnapshotSource } from "../../packages/core/src/aws/source.js";
import { toMultiAccountJson, toMultiAccountTable } from "../../packages/core/src/cli/format-accounts.js";
import { main } from "../../packages/core/src/cli/main.js";
import { toConfigEvaluation } from "../../packages/core/src/config/config-api.js";
import { evaluateAll } from "../../packages/core/src/config/evaluator.js";
import { RULES } from "../../packages/core/src/rules/index.js";
import { parseParameters } from "../../packages/core/src/rules/params.js";
import { hasUnsafe } from "../../packages/core/src/util/display.js";

/**
 * Control characters in display text: a resource name, an MGN source server's hostname (chosen by
 * whoever controls the source machine) or a tag holding an ESC sequence, C1 controls or
 * bidirectional overrides must not reach the terminal table, the JSON report or the annotations
 * sent to AWS Config, where they could erase a NON_COMPLIANT line and print a fake COMPLIANT one.
 * Identifiers reported to AWS Config (resource ids, ARNs) are never altered.
 */

const SAMPLE = new URL("../../examples/sample-account.json", import.meta.url);
const ERASE = "\u001b[1A\u001b[2K\r\u001b[32m✓ COMPLIANT     legacy-mysql-source  ok\u001b[0m";
const HOSTILE_NAME = `legacy-mysql-source${ERASE}\u009b2K\u202eecruos`;
const HOSTILE_HOST = "app-01\u001b]0;owned\u0007\u001b[2K\u2066x\u2069";
/** An ARN as a snapshot may hold it: kept exactly as given when reported. */
const HOSTILE_ARN = "arn:aws:dms:us-east-1:123456789012:endpoint:LEGACY\u202eMYSQL";

type Raw = Record<string, unknown>;

function hostileSnapshot(): Raw {
  const snapshot = JSON.parse(readFileSync(SAMPLE, "utf8")) as Raw;
  const services = snapshot.services as { dms: Record<string, Raw>; mgn: Record<string, Raw> };
  const endpoints = (services.dms.DescribeEndpoints as { Endpoints: Raw[] }).Endpoints;
  const legacy = endpoints.find((e) => e.EndpointIdentifier === "legacy-mysql-source") as Raw;
  const tags = services.dms.ListTagsForResource as Record<string, unknown>;
  const oldArn = String(legacy.EndpointArn);
  tags[HOSTILE_ARN] = {
    TagList: [
      { Key: "Owner\u001b[8m", Value: "jane@example.com\u001b[2K\u202e" },
      ...((tags[oldArn] as { TagList: Raw[] })?.TagList ?? []),
    ],
  };
  legacy.EndpointArn = HOSTILE_ARN;
  legacy.EndpointIdentifier = HOSTILE_NAME;
  const servers = (services.mgn.DescribeSourceServers as { items: Raw[] }).items;
  for (const server of servers) {
    ((server.sourceProperties as Raw).identificationHints as Raw).hostname = HOSTILE_HOST;
  }
  return snapshot;
}

function linesWithUnsafe(text: string): string[] {
  return text.split("\n").filter((line) => hasUnsafe(line));
}

async function cli(args: string[]) {
  let stdout = "";
  let stderr = "";
  const file = `${process.env.TMPDIR ?? "/tmp"}/mg-control-${process.pid}.json`;
  const { writeFileSync, rmSync } = await import("node:fs");
  writeFileSync(file, JSON.stringify(hostileSnapshot()));
  try {
    const code = await main(["audit", "--snapshot", file, "--exit-zero", ...args], {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
      env: {},
    });
    return { code, stdout, stderr };
  } finally {
    rmSync(file, { force: true });
  }
}

describe("control characters in display text", () => {
  it("prints no control or bidirectional-override character in the table, and the NON_COMPLIANT line stays", async () => {
    const { code, stdout, stderr } = await cli([]);

    expect(code).toBe(0);
    expect(linesWithUnsafe(stdout + stderr)).toEqual([]);
    expect(stdout).toMatch(/✗ NON_COMPLIANT +legacy-mysql-source\[1A\[2K\[32m✓ COMPLIANT/);
    expect(stdout).toContain("app-01]0;owned[2Kx");
  });

  it("writes no raw control or bidirectional-override character in the JSON report, and keeps the ARN exact", async () => {
    const { stdout } = await cli(["--format", "json"]);

    expect(linesWithUnsafe(stdout)).toEqual([]);
    const results = (JSON.parse(stdout) as { results: Raw[] }).results;
    const mine = results.filter((r) => r.resourceId === HOSTILE_ARN);
    expect(mine.length).toBeGreaterThan(0);
    for (const r of results) {
      expect(hasUnsafe(String(r.resourceName)), String(r.resourceName)).toBe(false);
      expect(hasUnsafe(String(r.annotation)), String(r.annotation)).toBe(false);
    }
  });

  it("reports every rule's evaluations with clean names and annotations, exact resource ids, to AWS Config", async () => {
    const source = new SnapshotSource(parseSnapshot(hostileSnapshot()));
    const now = new Date("2026-11-20T09:00:00Z");
    let hostileSeen = 0;
    let hostSeen = 0;
    for (const rule of RULES) {
      const params = parseParameters(rule.name, rule.parameters, {});
      const evaluations = await evaluateAll(rule, params, source, now, now, { accountId: "123456789012" });
      for (const e of evaluations) {
        if (e.resourceId === HOSTILE_ARN) hostileSeen++;
        if (e.annotation.includes("app-01")) hostSeen++;
        expect(hasUnsafe(e.resourceName ?? ""), `${rule.name} name`).toBe(false);
        expect(hasUnsafe(e.annotation), `${rule.name} annotation`).toBe(false);
        const sent = toConfigEvaluation(e);
        expect(sent.ComplianceResourceId).toBe(e.resourceId);
        expect(hasUnsafe(sent.Annotation ?? ""), `${rule.name} Config annotation`).toBe(false);
      }
    }
    expect(hostileSeen).toBeGreaterThan(0);
    expect(hostSeen).toBeGreaterThan(0);
  });

  it("cuts an annotation that holds controls to one clean line for AWS Config", () => {
    const sent = toConfigEvaluation({
      rule: "r",
      resourceType: "AWS::DMS::Endpoint",
      resourceId: HOSTILE_ARN,
      resourceName: undefined,
      compliance: "NON_COMPLIANT",
      annotation: `bad\n${ERASE}\u202e done`,
      orderingTimestamp: new Date(0),
    });

    expect(sent.ComplianceResourceId).toBe(HOSTILE_ARN);
    expect(sent.Annotation).toBe("bad [1A[2K [32m✓ COMPLIANT legacy-mysql-source ok[0m done");
  });

  it("cleans an organization account's name and failure in the multi-account table and JSON", () => {
    const report = {
      region: "us-east-1",
      evaluatedAt: new Date(0),
      accounts: [
        { accountId: "111111111111", name: `prod${ERASE}`, evaluations: [], errors: [] },
        {
          accountId: "222222222222",
          name: "dev\u202e",
          evaluations: [],
          errors: [],
          failure: `denied\n${ERASE}`,
        },
      ],
    };

    expect(linesWithUnsafe(toMultiAccountTable(report, false))).toEqual([]);
    const json = toMultiAccountJson(report);
    expect(linesWithUnsafe(json)).toEqual([]);
    expect(json).not.toMatch(/\\u001b|\\u202e/);
  });
});
