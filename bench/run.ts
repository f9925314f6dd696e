import { spawn } from "node:child_process";
import { mkdir, stat, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { build } from "esbuild";
import { FACTS } from "../packages/core/src/aws/facts.js";
import { KINDS } from "../packages/core/src/aws/kinds.js";
import { SDK_PACKAGES } from "../packages/core/src/aws/sdk.js";
import { RULES } from "../packages/core/src/rules/index.js";
import type { AnyRule } from "../packages/core/src/rules/types.js";
import { generateAccount } from "../test/support/aws/dataset.js";
import { FakeAws } from "../test/support/aws/server.js";
import { costFigures, costTargets, PRICES_SOURCE } from "./cost.js";

/**
 * `npm run bench [-- --quick] [-- --latency 50]`: a full periodic run of every rule of the
 * registry, through the deployed code path (the esbuild bundle of functions/evaluate.ts, its
 * handler given a ScheduledNotification event, one fresh node process per rule as Lambda runs
 * one function per rule), against the local AWS-compatible server with an injected latency per
 * call and generated accounts. Prints per-operation API calls against the minimum, wall time,
 * peak RSS, bundle sizes and cold init, and writes the same figures to bench/results.json.
 *
 * The bundles are built as stacks/lambda.ts deploys them: ESM, minified, `@aws-sdk/*` external
 * (the nodejs22.x runtime provides the SDK; here it resolves from node_modules). Cold init is given
 * twice: importing the bundle (what Lambda's init phase runs), and importing it plus the SDK client
 * packages its function loads on first use (the rest of the cold start, paid in the first invocation).
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
  /** The functions/ entry point. */
  entry: "evaluate" | "notify" | "trigger";
  /** As deployed (`@aws-sdk/*` external), or with the SDK bundled (for its size only). */
  sdk: "external" | "bundled";
  file: string;
  bytes: number;
}

/** One bundle per entry point: functions/evaluate.ts serves every rule (chosen by RULE_NAME). */
async function bundle(entry: Bundle["entry"], sdk: Bundle["sdk"]): Promise<Bundle> {
  const file = join(buildDir, `${entry}.sdk-${sdk}.mjs`);
  await build({
    entryPoints: [join(root, `functions/${entry}.ts`)],
    bundle: true,
    minify: true,
    keepNames: true,
    platform: "node",
    target: "node22",
    format: "esm",
    outfile: file,
    // As stacks/lambda.ts: the nodejs22.x runtime ships the AWS SDK v3.
    external: sdk === "external" ? ["@aws-sdk/*"] : [],
    banner: { js: "import{createRequire as __cr}from'module';const require=__cr(import.meta.url);" },
    logLevel: "error",
  });
  return { entry, sdk, file, bytes: (await stat(file)).size };
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

interface ColdInit {
  /** Import of the bundle (Lambda's init phase). */
  importMs: number;
  /** Import of the bundle plus the SDK client packages the function loads on first use. */
  withClientsMs: number;
}

/**
 * Cold init: in a fresh node process, import the bundle, then the SDK packages its function needs;
 * 10 times, the cases interleaved round by round so that machine noise hits them alike; medians.
 */
async function coldInit(
  cases: readonly { file: string; packages: readonly string[]; env: Record<string, string> }[],
  times = 10,
): Promise<ColdInit[]> {
  const samples = cases.map(() => ({ importMs: [] as number[], withClientsMs: [] as number[] }));
  for (let i = 0; i < times; i++) {
    for (const [j, c] of cases.entries()) {
      const { stdout } = await run([join(here, "cold-init.mjs"), c.file, ...c.packages], {
        AWS_REGION: "us-east-1",
        ...c.env,
      });
      const measured = JSON.parse(stdout.trim()) as ColdInit;
      samples[j]?.importMs.push(measured.importMs);
      samples[j]?.withClientsMs.push(measured.withClientsMs);
    }
  }
  return samples.map((s) => ({
    importMs: Number(median(s.importMs).toFixed(1)),
    withClientsMs: Number(median(s.withClientsMs).toFixed(1)),
  }));
}

/** The SDK client packages a rule's function loads: its operations' services and AWS Config's. */
function rulePackages(rule: AnyRule): string[] {
  const services = new Set([...neededOperations(rule)].map((op) => op.split(".")[0] ?? ""));
  return [...services]
    .map((service) => SDK_PACKAGES[service as keyof typeof SDK_PACKAGES])
    .filter((p): p is string => p !== undefined)
    .sort();
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

async function runRule(server: FakeAws, rule: AnyRule, bundleFile: string, reset = true): Promise<RuleRun> {
  if (reset) server.resetCounters();
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
  // The deployed bundles (SDK external); the runs use evaluate's. The SDK-bundled build is for its size only.
  const evaluate = await bundle("evaluate", "external");
  const notify = await bundle("notify", "external");
  const trigger = await bundle("trigger", "external");
  const evaluateSdkBundled = await bundle("evaluate", "bundled");

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
    let concurrent: { wallSeconds: number; evaluations: number; errors: string[] };
    try {
      for (const rule of RULES) rules.push(await runRule(server, rule, evaluate.file));
      // Deployed, each rule is its own function and AWS Config's schedule invokes them together:
      // run every function at once (one node process each) and time the whole, process start included.
      server.resetCounters();
      const started = Date.now();
      const together = await Promise.all(RULES.map((rule) => runRule(server, rule, evaluate.file, false)));
      concurrent = {
        wallSeconds: Number(((Date.now() - started) / 1000).toFixed(2)),
        evaluations: RULES.reduce((n, rule) => n + server.acceptedFor(rule.name).entries, 0),
        errors: together.flatMap((r) => (r.error ? [`${r.rule}: ${r.error}`] : [])),
      };
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
      allFunctionsAtOnceSeconds: concurrent.wallSeconds,
      peakRssMb: Number(Math.max(...rules.map((r) => r.peakRssMb)).toFixed(1)),
      rules: rules.map((r) => ({
        ...r,
        wallSeconds: Number(r.wallSeconds.toFixed(2)),
        peakRssMb: Number(r.peakRssMb.toFixed(1)),
      })),
    };
    // Billed evaluations and monthly cost (bench/cost.ts), on a fresh copy of the same account.
    const cost = await costFigures(
      generateAccount({ users: size.users, endpoints: size.endpoints, agentShare: 0.2, seed: 1 }),
      RULES,
      {
        reportedPerRun: rules.reduce((n, r) => n + r.evaluations, 0),
        wallSecondsPerRule: rules.map((r) => r.wallSeconds),
      },
    );
    runs.push({ ...run, ...cost });
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
    const expected = rules.reduce((n, r) => n + r.evaluations, 0);
    console.log(
      `all ${RULES.length} functions at once: ${concurrent.wallSeconds} s wall clock (process start included), ${concurrent.evaluations}/${expected} evaluations${concurrent.errors.length ? `; errors: ${concurrent.errors.join("; ")}` : ""}`,
    );
    if (concurrent.evaluations !== expected || concurrent.errors.length > 0) process.exitCode = 1;
    console.log(
      `evaluations per daily run: ${cost.evaluationsReported} reported, ${cost.evaluationsNaive} naive (every in-scope resource); delta reporting (7 days, 1% change a day): ${cost.deltaDailyEvaluations} a day; monthly USD: Config ${cost.monthlyCostUsd.config} (naive ${cost.monthlyCostUsd.configNaive}, delta ${cost.monthlyCostUsd.configDelta}), Lambda ${cost.monthlyCostUsd.lambda}`,
    );
    const missed = costTargets(cost);
    if (missed.length > 0) {
      console.error(`cost targets missed: ${missed.join("; ")}`);
      process.exitCode = 1;
    }
  }

  // One bundle serves every rule's function (RULE_NAME picks the rule); what differs per rule is
  // the SDK packages its first invocation loads, so cold init is measured per distinct set.
  const configRules = JSON.stringify(Object.fromEntries(RULES.map((r) => [r.name, r.name])));
  const cases: { name: string; bundle: Bundle; packages: string[]; env: Record<string, string> }[] = [
    ...RULES.map((rule) => ({
      name: rule.name,
      bundle: evaluate,
      packages: rulePackages(rule),
      env: { RULE_NAME: rule.name },
    })),
    {
      name: "notify",
      bundle: notify,
      packages: [SDK_PACKAGES.sns],
      env: { CONFIG_RULES: configRules, TOPIC_ARN: "arn:aws:sns:us-east-1:111122223333:bench" },
    },
    { name: "trigger", bundle: trigger, packages: [SDK_PACKAGES.config], env: { CONFIG_RULES: configRules } },
  ];
  const distinct = new Map<string, (typeof cases)[number]>();
  for (const c of cases) distinct.set(`${c.bundle.file} ${c.packages.join(" ")}`, c);
  const measured = await coldInit(
    [...distinct.values()].map((c) => ({ file: c.bundle.file, packages: c.packages, env: c.env })),
  );
  const initOf = new Map([...distinct.keys()].map((key, i) => [key, measured[i] as ColdInit]));
  const functions = cases.map((c) => {
    const init = initOf.get(`${c.bundle.file} ${c.packages.join(" ")}`) as ColdInit;
    return {
      name: c.name,
      entry: `functions/${c.bundle.entry}.ts`,
      bundleBytes: c.bundle.bytes,
      coldInitMs: init.importMs,
      coldInitWithClientsMs: init.withClientsMs,
      sdkPackages: c.packages,
    };
  });
  console.log(
    "\n== Lambda functions (esbuild, minified, ESM, node22, @aws-sdk/* external as deployed; cold init: median of 10 fresh processes) ==",
  );
  console.log(
    table(
      ["function", "bundle KB", "init: import ms", "+ SDK clients ms", "SDK clients loaded on first use"],
      functions.map((f) => [
        f.name,
        (f.bundleBytes / 1024).toFixed(1),
        f.coldInitMs.toFixed(1),
        f.coldInitWithClientsMs.toFixed(1),
        f.sdkPackages.map((p) => p.replace("@aws-sdk/client-", "")).join(", "),
      ]),
    ),
  );
  console.log(
    `(functions/evaluate.ts with the SDK bundled instead: ${(evaluateSdkBundled.bytes / 1024).toFixed(1)} KB)`,
  );
  const results = {
    generatedAt: new Date().toISOString(),
    command: `npm run bench${values.quick ? " -- --quick" : ""}`,
    node: process.version,
    // Cold init and wall time depend on the machine and its load at the time.
    cpus: cpus().length,
    loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
    latencyMs,
    prices: PRICES_SOURCE,
    runs,
    functions,
    evaluateSdkBundledBytes: evaluateSdkBundled.bytes,
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
