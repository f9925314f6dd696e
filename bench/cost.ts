import { AwsClients } from "../packages/core/src/aws/clients.js";
import { LiveSource } from "../packages/core/src/aws/source.js";
import { evaluateAll, evaluateConfigEvent } from "../packages/core/src/config/evaluator.js";
import { parseConfigEvent } from "../packages/core/src/config/events.js";
import type { DeltaReporting } from "../packages/core/src/config/periodic.js";
import { parseParameters } from "../packages/core/src/rules/params.js";
import type { AnyRule } from "../packages/core/src/rules/types.js";
import { ConfigResults } from "../test/support/aws/config-results.js";
import type { Account } from "../test/support/aws/dataset.js";
import { rng } from "../test/support/aws/dataset.js";
import { FakeAws } from "../test/support/aws/server.js";

/**
 * What a month of daily periodic runs costs in one account and region: evaluations AWS Config
 * records (and bills), with and without delta reporting, and the rule functions' Lambda time.
 *
 * - `evaluationsNaive`: every in-scope resource of every rule (evaluateAll: what a periodic run
 *   reported before NOT_APPLICABLE was limited to retiring results).
 * - `deltaDailyEvaluations`: a simulated month through the real evaluator (evaluateConfigEvent,
 *   ScheduledNotification) against the local AWS-compatible server and an in-memory AWS Config
 *   result store, delta reporting at N = 7: a first run fills the store, then for 30 days 1% of
 *   the IAM users (an access key rotated), DMS endpoints (SslMode switched) and replication
 *   instances (PubliclyAccessible switched) change each day before the day's runs; the average
 *   of PutEvaluations entries per day over the 30 days.
 */

/**
 * Prices, public AWS Regions, free tier not counted. AWS Config rule evaluations, tiered per
 * account and region per month: $0.001 each for the first 100,000, $0.0008 for the next 400,000
 * (100,001-500,000), $0.0005 from 500,001 (AWS Config pricing, https://aws.amazon.com/config/pricing/,
 * the per-evaluation pricing in effect since 2019-08-01; the AWS Price List file AWSConfig.csv of
 * 2025-04-01 lists the 0-100,000 tier at $0.001). AWS Lambda: $0.20 per 1M requests; duration per
 * GB-second $0.0000133334 on Arm (arm64, as stacks/lambda.ts deploys the rule functions) and
 * $0.0000166667 on x86, first tier, US East (N. Virginia) (https://aws.amazon.com/lambda/pricing/).
 */
const PRICES = {
  configTiers: [
    { upTo: 100_000, usd: 0.001 },
    { upTo: 500_000, usd: 0.0008 },
    { upTo: Number.POSITIVE_INFINITY, usd: 0.0005 },
  ],
  lambdaRequestUsd: 0.2 / 1_000_000,
  lambdaGbSecondUsd: { arm64: 0.0000133334, x86_64: 0.0000166667 },
} as const;

/** The price tables the figures use (written to results.json). */
const PRICES_SOURCE = {
  config: "AWS Config pricing, public AWS Regions, rule evaluations (https://aws.amazon.com/config/pricing/)",
  lambda:
    "AWS Lambda pricing, US East (N. Virginia), Arm, first tier (https://aws.amazon.com/lambda/pricing/)",
};

/** As stacks/lambda.ts deploys the rule functions: arm64, 512 MB. */
const RULE_FUNCTION = { architecture: "arm64", memoryMb: 512 } as const;
const DAYS_PER_MONTH = 30;
const DAY_MS = 86_400_000;

function configCostUsd(evaluationsPerMonth: number): number {
  let usd = 0;
  let from = 0;
  for (const tier of PRICES.configTiers) {
    const n = Math.max(0, Math.min(evaluationsPerMonth, tier.upTo) - from);
    usd += n * tier.usd;
    from = tier.upTo;
  }
  return Number(usd.toFixed(2));
}

/** One invocation a day per rule, each billed for the run's wall time (rounded up to 1 ms). */
function lambdaCostUsd(wallSecondsPerRule: readonly number[]): number {
  const gb = RULE_FUNCTION.memoryMb / 1024;
  const perDay = wallSecondsPerRule.reduce(
    (usd, s) =>
      usd +
      (Math.ceil(s * 1000) / 1000) * gb * PRICES.lambdaGbSecondUsd[RULE_FUNCTION.architecture] +
      PRICES.lambdaRequestUsd,
    0,
  );
  return Number((perDay * DAYS_PER_MONTH).toFixed(2));
}

/** 1% of the users, endpoints and replication instances change (seeded, different ones each day). */
function changeOnePercent(account: Account, day: number, now: Date): void {
  const random = rng(1000 + day);
  const some = <T>(items: T[]): T[] => {
    const n = Math.max(1, Math.round(items.length / 100));
    return Array.from({ length: n }, () => items[Math.floor(random() * items.length)] as T);
  };
  for (const user of some(account.users)) {
    user.accessKeys = [
      {
        AccessKeyId: `AKIAROTATED${String(day).padStart(2, "0")}${Math.floor(random() * 1e5)}`.slice(0, 20),
        Status: "Active",
        CreateDate: now,
        lastUsed: undefined,
        secret: "rotated-key-secret-value-for-the-bench-0000",
      },
    ];
  }
  for (const endpoint of some(account.dms.endpoints)) {
    endpoint.SslMode = endpoint.SslMode === "none" ? "require" : "none";
  }
  for (const instance of some(account.dms.replicationInstances)) {
    instance.PubliclyAccessible = !instance.PubliclyAccessible;
  }
}

function scheduled(rule: AnyRule, account: Account, at: Date) {
  return parseConfigEvent({
    invokingEvent: JSON.stringify({
      messageType: "ScheduledNotification",
      notificationCreationTime: at.toISOString(),
    }),
    resultToken: `cost-${rule.name}`,
    configRuleName: rule.name,
    accountId: account.accountId,
  });
}

interface CostFigures {
  evaluationsReported: number;
  evaluationsNaive: number;
  deltaDailyEvaluations: number;
  /** deltaDailyEvaluations per rule. */
  deltaDailyByRule: Record<string, number>;
  monthlyCostUsd: { config: number; configNaive: number; configDelta: number; lambda: number };
}

/**
 * The cost figures of one bench size. `account` is mutated by the simulation (pass a fresh one);
 * `reportedPerRun` and `wallSecondsPerRule` come from the bench's runs of the deployed bundle.
 */
async function costFigures(
  account: Account,
  rules: readonly AnyRule[],
  measured: { reportedPerRun: number; wallSecondsPerRule: readonly number[] },
): Promise<CostFigures> {
  const server = new FakeAws(account);
  const endpoint = await server.start();
  const previousEndpoint = process.env.AWS_ENDPOINT_URL;
  process.env.AWS_ENDPOINT_URL = endpoint;
  try {
    const clients = new AwsClients({
      region: account.region,
      credentials: { accessKeyId: "AKIDBENCHCOST", secretAccessKey: "bench-cost-secret" },
    });
    const delta: DeltaReporting = { enabled: true, maxAgeDays: 7 };
    const stores = new Map(rules.map((rule) => [rule.name, new ConfigResults()]));
    const start = account.now;
    let naive = 0;
    const monthByRule = new Map(rules.map((rule) => [rule.name, 0]));
    const runDay = async (day: number): Promise<number> => {
      const now = new Date(start.getTime() + day * DAY_MS);
      account.now = now;
      // One source a day (it reads each listing once), shared by the day's rules as nothing changes between them.
      const source = new LiveSource(clients);
      const counts = await Promise.all(
        rules.map(async (rule) => {
          const params = parseParameters(rule.name, rule.parameters, {});
          const store = stores.get(rule.name) as ConfigResults;
          if (day === 0) {
            const all = await evaluateAll(rule, params, source, now, now, { accountId: account.accountId });
            naive += all.length;
          }
          const reported = await evaluateConfigEvent(rule, scheduled(rule, account, now), params, {
            source,
            now,
            config: store.reader(),
            deltaReporting: delta,
          });
          const entries = store.record(reported, now);
          if (day > 0) monthByRule.set(rule.name, (monthByRule.get(rule.name) ?? 0) + entries);
          return entries;
        }),
      );
      return counts.reduce((a, b) => a + b, 0);
    };
    await runDay(0);
    let monthEntries = 0;
    for (let day = 1; day <= DAYS_PER_MONTH; day++) {
      changeOnePercent(account, day, new Date(start.getTime() + day * DAY_MS));
      monthEntries += await runDay(day);
    }
    const deltaDaily = Math.round(monthEntries / DAYS_PER_MONTH);
    return {
      evaluationsReported: measured.reportedPerRun,
      evaluationsNaive: naive,
      deltaDailyEvaluations: deltaDaily,
      deltaDailyByRule: Object.fromEntries(
        [...monthByRule].map(([name, n]) => [name, Number((n / DAYS_PER_MONTH).toFixed(1))]),
      ),
      monthlyCostUsd: {
        config: configCostUsd(measured.reportedPerRun * DAYS_PER_MONTH),
        configNaive: configCostUsd(naive * DAYS_PER_MONTH),
        configDelta: configCostUsd(monthEntries),
        lambda: lambdaCostUsd(measured.wallSecondsPerRule),
      },
    };
  } finally {
    if (previousEndpoint === undefined) delete process.env.AWS_ENDPOINT_URL;
    else process.env.AWS_ENDPOINT_URL = previousEndpoint;
    await server.stop();
  }
}

/** The targets: reported ≤ 0.45 × naive, delta per day ≤ 0.10 × naive. */
function costTargets(f: CostFigures): string[] {
  const missed: string[] = [];
  if (f.evaluationsReported > 0.45 * f.evaluationsNaive)
    missed.push(`evaluationsReported ${f.evaluationsReported} > 0.45 × ${f.evaluationsNaive}`);
  if (f.deltaDailyEvaluations > 0.1 * f.evaluationsNaive)
    missed.push(`deltaDailyEvaluations ${f.deltaDailyEvaluations} > 0.10 × ${f.evaluationsNaive}`);
  return missed;
}

export type { CostFigures };
export { configCostUsd, costFigures, costTargets, lambdaCostUsd, PRICES, PRICES_SOURCE, RULE_FUNCTION };
