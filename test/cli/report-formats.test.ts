import { describe, expect, it } from "vitest";
import { main } from "../../packages/core/src/cli/main.js";
import { RULES } from "../../packages/core/src/rules/index.js";

const SAMPLE = new URL("../../examples/sample-account.json", import.meta.url).pathname;

async function cli(args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(["audit", "--snapshot", SAMPLE, ...args], {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: {},
  });
  return { code, stdout, stderr };
}

describe("migration-guard audit report formats", () => {
  it("prints a summary line with the non-compliant counts by severity first in the table", async () => {
    const { stdout } = await cli([]);
    const [first] = stdout.split("\n");
    expect(first).toMatch(
      /^Summary: \d+ non-compliant \(\d+ critical, \d+ high, \d+ medium, \d+ low\), \d+ compliant, \d+ not applicable$/,
    );
    const json = JSON.parse((await cli(["--format", "json"])).stdout);
    const nonCompliant = json.results.filter(
      (r: { compliance: string }) => r.compliance === "NON_COMPLIANT",
    ).length;
    expect(first).toContain(`Summary: ${nonCompliant} non-compliant`);
  });

  it("shows only results of rules at least --severity severe, and exits 0 when none of those is NON_COMPLIANT", async () => {
    const all = JSON.parse((await cli(["--format", "json"])).stdout).results as { rule: string }[];
    const high = await cli(["--format", "json", "--severity", "high"]);
    const shown = JSON.parse(high.stdout).results as { rule: string }[];
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThan(all.length);
    expect(shown.some((r) => r.rule === "dms-endpoint-encryption-at-rest")).toBe(false); // a medium rule
    expect(high.code).toBe(1);
    const critical = await cli(["--severity", "critical"]);
    expect(critical.stdout).toMatch(/^Summary: 0 non-compliant/);
    expect(critical.code).toBe(0);
  });

  it("exports COMPLIANT and NON_COMPLIANT results as csv, and NOT_APPLICABLE ones with --include-not-applicable", async () => {
    const json = JSON.parse((await cli(["--format", "json"])).stdout).results as { compliance: string }[];
    const applicable = json.filter((r) => r.compliance !== "NOT_APPLICABLE").length;
    expect(json.length).toBeGreaterThan(applicable);
    const csv = await cli(["--format", "csv"]);
    expect(csv.code).toBe(1);
    expect(csv.stdout.trimEnd().split("\r\n")).toHaveLength(applicable + 1);
    const withNa = await cli(["--format", "csv", "--include-not-applicable"]);
    expect(withNa.stdout.trimEnd().split("\r\n")).toHaveLength(json.length + 1);
  });

  it("prints JSON arrays for ocsf and asff with one finding per exported result", async () => {
    const json = JSON.parse((await cli(["--format", "json", "--severity", "medium"])).stdout).results as {
      compliance: string;
    }[];
    const applicable = json.filter((r) => r.compliance !== "NOT_APPLICABLE").length;
    const ocsf = JSON.parse((await cli(["--format", "ocsf"])).stdout);
    const asff = JSON.parse((await cli(["--format", "asff"])).stdout);
    expect(ocsf).toHaveLength(applicable);
    expect(asff).toHaveLength(applicable);
    expect(ocsf[0].class_uid).toBe(2003);
    expect(asff[0].SchemaVersion).toBe("2018-10-08");
  });

  it("prints one self-contained HTML page with --format html", async () => {
    const { stdout, code } = await cli(["--format", "html"]);
    expect(code).toBe(1);
    expect(stdout.startsWith("<!doctype html>")).toBe(true);
    expect(stdout).toContain("account 123456789012, us-east-1");
  });

  it("exits 2 with a one-line message for an unknown format or severity", async () => {
    const format = await cli(["--format", "xml"]);
    expect([format.code, format.stderr]).toEqual([
      2,
      'migration-guard: --format "xml": expected table, json, csv, ocsf, asff or html (see --help)\n',
    ]);
    const severity = await cli(["--severity", "urgent"]);
    expect(severity.code).toBe(2);
    expect(severity.stderr).toContain("expected one of low, medium, high, critical");
  });
});

describe("migration-guard audit progress", () => {
  async function withStderr(isTTY: boolean) {
    let stdout = "";
    let stderr = "";
    await main(["audit", "--snapshot", SAMPLE, "--format", "csv"], {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t), isTTY },
      env: {},
    });
    return { stdout, stderr };
  }

  it("shows a line per rule on stderr when stderr is a terminal, and nothing when it is not", async () => {
    const tty = await withStderr(true);
    const n = RULES.length;
    expect(tty.stderr.split("\n")[0]).toBe(`[1/${n}] ${RULES[0]?.name}…`);
    expect(tty.stderr).toContain(`[${n}/${n}] ${RULES[n - 1]?.name}…`);
    const piped = await withStderr(false);
    expect(piped.stderr).toBe("");
    expect(piped.stdout).toBe(tty.stdout);
  });
});
