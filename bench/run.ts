import { spawn } from "node:child_process";
import { mkdir, stat, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { build } from "esbuild";
import { FACTS } from "../packages/core/src/aws/facts.js";
import { KINDS } from "../packages/core/src/aws/kinds.js";
import { RULES } from "../packages/core/src/rules/index.js";
import type { AnyRule } from "../packages/core/src/rules/types.js";
import { generateAccount } from "../test/support/aws/dataset.js";
import { FakeAws } from "../test/support/aws/server.js";

/**
 * `npm run bench [-- --quick] [-- --latency 50]`: a full periodic run of every rule of the
 * registry, through the deployed code path (the esbuild bundle of functions/evaluate.ts, its
 * handler given a ScheduledNotification event, one fresh node process per rule as Lambda runs
 * one function per rule), against the local AWS-compatible server with an injected latency per
 * call and generated accounts. Prints per-operation API calls against the minimum, wall time,
 * peak RSS, bundle sizes and cold init, and writes the same figures to bench/results.json.
 */

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const buildDir = join(here, ".build");

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    latency: { type: "string", default: "50" },
    out: { type: "string", default: join(here, "results.json") },
  },
});
const latencyMs = Number(values.latency);
const SIZES = values.quick
  ? [{ users: 1_000, endpoints: 200 }]
  : [
      { users: 1_000, endpoints: 200 },
      { users: 10_000, endpoints: 2_000 },
    ];

interface Bundle {
  /** esm|cjs output, with the AWS SDK v3 bundled or left to the nodejs22.x runtime (which ships it). */
  variant: "esm-sdk-bundled" | "esm-sdk-external" | "cjs-sdk-bundled" | "cjs-sdk-external";
  file: string;
  bytes: number;
}

/** One bundle per variant: functions/evaluate.ts serves every rule (chosen by RULE_NAME). */
async function bundle(variant: Bundle["variant"]): Promise<Bundle> {
  const esm = variant.startsWith("esm");
  const file = join(buildDir, `evaluate.${variant}.${esm ? "mjs" : "cjs"}`);
  await build({
    entryPoints: [join(root, "functions/evaluate.ts")],
    bundle: true,
    minify: true,
    platform: "node",
    target: "node22",
    format: esm ? "esm" : "cjs",
    outfile: file,
    external: variant.endsWith("sdk-external") ? ["@aws-sdk/*"] : [],
    ...(esm
      ? { banner: { js: "import{createRequire as __cr}from'module';const require=__cr(import.meta.url);" } }
      : {}),
    logLevel: "error",
  });
  return { variant, file, bytes: (await stat(file)).size };
}

function run(args: string[], env: Record<string, string>): Promise<{ stdout: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      stderr = (stderr + c.toString()).slice(-4000);
    });
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve({ stdout, code })
        : reject(new Error(`${args.join(" ")} exited ${code}: ${stderr}`)),
    );
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Cold init: import each bundle in a fresh node process, 10 times, variants interleaved round by
 * round so that machine noise hits them alike; the median per variant.
 */
async function coldInit(files: readonly string[], ruleName: string, times = 10): Promise<number[]> {
  const samples: number[][] = files.map(() => []);
  for (let i = 0; i < times; i++) {
    for (const [j, file] of files.entries()) {
      const { stdout } = await run([join(here, "cold-init.mjs"), file], {
        RULE_NAME: ruleName,
        AWS_REGION: "us-east-1",
      });
      samples[j]?.push(Number(stdout.trim()));
    }
  }
  return samples.map(median);
}

/** The operations a rule needs for a periodic run: its kind's listing, its facts, and the Config protocol. */
function neededOperations(rule: AnyRule): Set<string> {
  const ops = [...KINDS[rule.resourceKind].operations, ...rule.facts.flatMap((f) => FACTS[f].operations)];
  const names = ops.map((o) => `${o.service}.${o.operation}`);
  // The credential report is read with two calls: generate (or confirm it is recent), then get.
  if (names.includes("iam.GetCredentialReport")) names.push("iam.GenerateCredentialReport");
  return new Set([...names, "config.GetComplianceDetailsByConfigRule", "config.PutEvaluations"]);
}

interface RuleRun {
  rule: string;
  evaluations: number;
  apiCalls: number;
  minimalApiCalls: number;
  wallSeconds: number;
  peakRssMb: number;
  operations: Record<string, { calls: number; minimal: number }>;
  error?: string;
}

async function runRule(server: FakeAws, rule: AnyRule, bundleFile: string): Promise<RuleRun> {
  server.resetCounters();
  const now = new Date().toISOString();
  const event = {
    version: "1.0",
    invokingEvent: JSON.stringify({ messageType: "ScheduledNotification", notificationCreationTime: now }),
    ruleParameters: "{}",
    resultToken: rule.name,
    eventLeftScope: false,
    executionRoleArn: `arn:aws:iam::${server.account.accountId}:role/config-role`,
    configRuleArn: `arn:aws:config:us-east-1:${server.account.accountId}:config-rule/config-rule-bench`,
    configRuleName: rule.name,
    configRuleId: "config-rule-bench",
    accountId: server.account.accountId,
  };
  const { stdout } = await run([join(here, "invoke.mjs"), bundleFile, JSON.stringify(event)], {
    RULE_NAME: rule.name,
    AWS_ENDPOINT_URL: server.endpoint,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "AKIDBENCH",
    AWS_SECRET_ACCESS_KEY: "bench-secret",
    POWERTOOLS_LOG_LEVEL: "WARN",
  });
  const line = stdout.split("\n").find((l) => l.startsWith("BENCH_RESULT "));
  if (!line) throw new Error(`${rule.name}: no result from the function`);
  const measured = JSON.parse(line.slice("BENCH_RESULT ".length)) as {
    wallMs: number;
    peakRssMb: number;
    error?: string;
  };
  const needed = neededOperations(rule);
  const evaluations = server.acceptedFor(rule.name).entries;
  const operations: RuleRun["operations"] = {};
  for (const [op, calls] of server.calls) {
    let minimal = 0;
    if (op === "config.PutEvaluations") minimal = Math.ceil(evaluations / 100);
    else if (needed.has(op)) minimal = server.minimalCalls(op);
    operations[op] = { calls, minimal };
  }
  const apiCalls = Object.values(operations).reduce((n, o) => n + o.calls, 0);
  const minimalApiCalls = Object.values(operations).reduce((n, o) => n + o.minimal, 0);
  return {
    rule: rule.name,
    evaluations,
    apiCalls,
    minimalApiCalls,
    wallSeconds: measured.wallMs / 1000,
    peakRssMb: measured.peakRssMb,
    operations,
    ...(measured.error ? { error: measured.error } : {}),
  };
}

function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)].join("\n");
}

async function main(): Promise<void> {
  const started = Date.now();
  await mkdir(buildDir, { recursive: true });
  const bundles: Bundle[] = [];
  for (const variant of [
    "esm-sdk-bundled",
    "esm-sdk-external",
    "cjs-sdk-bundled",
    "cjs-sdk-external",
  ] as const)
    bundles.push(await bundle(variant));
  // The runs use the self-contained bundle (no node_modules needed at run time).
  const deployed = bundles[0] as Bundle;

  const runs = [];
  for (const size of SIZES) {
    const account = generateAccount({
      users: size.users,
      endpoints: size.endpoints,
      agentShare: 0.2,
      seed: 1,
    });
    const server = new FakeAws(account, { latencyMs });
    await server.start();
    const rules: RuleRun[] = [];
    try {
      for (const rule of RULES) rules.push(await runRule(server, rule, deployed.file));
    } finally {
      await server.stop();
    }
    const apiCalls = rules.reduce((n, r) => n + r.apiCalls, 0);
    const minimalApiCalls = rules.reduce((n, r) => n + r.minimalApiCalls, 0);
    const run = {
      users: size.users,
      agentUsers: account.agentUsers,
      endpoints: size.endpoints,
      latencyMs,
      apiCalls,
      minimalApiCalls,
      ratio: Number((apiCalls / Math.max(1, minimalApiCalls)).toFixed(3)),
      wallSeconds: Number(rules.reduce((s, r) => s + r.wallSeconds, 0).toFixed(2)),
      slowestRuleSeconds: Number(Math.max(...rules.map((r) => r.wallSeconds)).toFixed(2)),
      peakRssMb: Number(Math.max(...rules.map((r) => r.peakRssMb)).toFixed(1)),
      rules: rules.map((r) => ({
        ...r,
        wallSeconds: Number(r.wallSeconds.toFixed(2)),
        peakRssMb: Number(r.peakRssMb.toFixed(1)),
      })),
    };
    runs.push(run);
    console.log(
      `\n== ${size.users} IAM users (${account.agentUsers} MGN agent users), ${size.endpoints} DMS endpoints, ${latencyMs} ms per call ==`,
    );
    const rows: (string | number)[][] = [];
    for (const r of rules) {
      for (const [op, o] of Object.entries(r.operations)) {
        rows.push([r.rule, op, o.calls, o.minimal, o.minimal ? (o.calls / o.minimal).toFixed(2) : "-"]);
      }
    }
    console.log(table(["rule", "operation", "calls", "minimum", "ratio"], rows));
    console.log(
      table(
        ["rule", "evaluations", "calls", "minimum", "ratio", "wall s", "peak RSS MB", "error"],
        rules.map((r) => [
          r.rule,
          r.evaluations,
          r.apiCalls,
          r.minimalApiCalls,
          (r.apiCalls / Math.max(1, r.minimalApiCalls)).toFixed(2),
          r.wallSeconds.toFixed(2),
          r.peakRssMb.toFixed(0),
          r.error ?? "",
        ]),
      ),
    );
    console.log(
      `total: ${apiCalls} calls / minimum ${minimalApiCalls} = ${run.ratio}; ${run.wallSeconds} s (rules one after another; slowest ${run.slowestRuleSeconds} s); peak RSS ${run.peakRssMb} MB`,
    );
  }

  // One bundle serves every rule's function (RULE_NAME picks the rule), so size and cold init are shared.
  const init = new Map<string, number>();
  const firstRule = RULES[0]?.name ?? "";
  const medians = await coldInit(
    bundles.map((b) => b.file),
    firstRule,
  );
  for (const [i, b] of bundles.entries()) init.set(b.variant, medians[i] ?? 0);
  const byVariant = Object.fromEntries(
    bundles.map((b) => [
      b.variant,
      { bundleBytes: b.bytes, coldInitMs: Number((init.get(b.variant) ?? 0).toFixed(1)) },
    ]),
  );
  const functions = RULES.map((r) => ({
    name: r.name,
    bundleBytes: deployed.bytes,
    coldInitMs: Number((init.get(deployed.variant) ?? 0).toFixed(1)),
    sharedBundle: true,
    variants: byVariant,
  }));
  console.log(
    "\n== Lambda functions (esbuild, minified, node22; one bundle serves every rule via RULE_NAME) ==",
  );
  console.log(
    table(
      ["variant", "bundle KB", "cold init ms (median of 10)"],
      bundles.map((b) => [b.variant, (b.bytes / 1024).toFixed(1), (init.get(b.variant) ?? 0).toFixed(1)]),
    ),
  );
  const results = {
    generatedAt: new Date().toISOString(),
    command: `npm run bench${values.quick ? " -- --quick" : ""}`,
    node: process.version,
    // Cold init and wall time depend on the machine and its load at the time.
    cpus: cpus().length,
    loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
    latencyMs,
    runs,
    functions,
  };
  await writeFile(values.out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwrote ${values.out} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const failed = runs.flatMap((r) =>
    r.rules.filter((x) => x.error).map((x) => `${r.users}/${r.endpoints}: ${x.rule}: ${x.error}`),
  );
  if (failed.length > 0) {
    console.error(`\n${failed.length} rule run(s) failed:\n${failed.join("\n")}`);
    process.exitCode = 1;
  }
}

await main();
