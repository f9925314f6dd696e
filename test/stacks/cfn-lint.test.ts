import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveStageConfig } from "../../stacks/config.js";
import { synthesize } from "../../stacks/synth.js";

/**
 * cfn-lint on what would deploy: the templates `npm run synth` writes for the shipped stage
 * settings, and the templates of a stage with every option on. Errors fail; warnings (such as
 * CDK's redundant DependsOn, W3005) are allowed.
 */

function ensureCfnLint(): void {
  try {
    execFileSync("cfn-lint", ["--version"], { stdio: "ignore" });
  } catch {
    execFileSync("python3", ["-m", "pip", "install", "--quiet", "cfn-lint"], { stdio: "inherit" });
  }
}

/** cfn-lint's exit code is a bit mask: 2 = errors, 4 = warnings, 8 = informational. */
function lint(files: string[]): { errors: boolean; output: string } {
  const run = spawnSync("cfn-lint", ["--format", "parseable", "--", ...files], { encoding: "utf8" });
  if (run.error) throw run.error;
  return { errors: ((run.status ?? 2) & 3) !== 0, output: `${run.stdout}${run.stderr}` };
}

let dir: string;

beforeAll(() => {
  ensureCfnLint();
  dir = mkdtempSync(join(tmpdir(), "migration-guard-synth-"));
}, 300_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("cfn-lint", () => {
  it("finds no errors in the templates npm run synth writes", () => {
    const out = join(dir, "synth");
    const run = spawnSync("npx", ["tsx", "scripts/synth.ts", "--out", out, "--stage", "lint"], {
      encoding: "utf8",
    });
    expect(run.status, run.stderr).toBe(0);
    const files = readdirSync(out).map((f) => join(out, f));
    expect(files.map((f) => f.replace(/.*\//, "")).sort()).toEqual([
      "lint-migration-guard-Alerts.template.json",
      "lint-migration-guard-Rules.template.json",
    ]);
    const result = lint(files);
    expect(result.errors, result.output).toBe(false);
  }, 300_000);

  it("finds no errors with a recorder, subscriptions and a rule name prefix", async () => {
    const config = resolveStageConfig(
      "lintall",
      { lintall: { recorder: true, alertEmails: ["security@example.com"], configRuleNamePrefix: "lint-" } },
      {},
    );
    const { stacks } = await synthesize({ stage: "lintall", region: "eu-central-1", config });
    const files = Object.values(stacks).map(({ stackName, template }) => {
      const file = join(dir, `${stackName}.template.json`);
      writeFileSync(file, JSON.stringify(template.toJSON()));
      return file;
    });
    const result = lint(files);
    expect(result.errors, result.output).toBe(false);
  }, 300_000);

  it("rejects a bad command line with usage", () => {
    const run = spawnSync("npx", ["tsx", "scripts/synth.ts"], { encoding: "utf8" });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("usage: npm run synth -- --out DIR");
  });
});
