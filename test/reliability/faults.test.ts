import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { AwsClients } from "../../packages/core/src/aws/clients.js";
import { FACTS } from "../../packages/core/src/aws/facts.js";
import { KINDS } from "../../packages/core/src/aws/kinds.js";
import { handleConfigRuleEvent } from "../../packages/core/src/config/handler.js";
import { RULES } from "../../packages/core/src/rules/index.js";
import { type AnyRule, ruleResourceTypes } from "../../packages/core/src/rules/types.js";
import { generateAccount } from "../support/aws/dataset.js";
import { FaultProxy } from "../support/aws/fault-proxy.js";
import { FakeAws } from "../support/aws/server.js";

/**
 * Zero lost evaluations: a periodic run of every rule of the registry, through the Lambda's
 * code path (handleConfigRuleEvent with a ScheduledNotification), behind a proxy that throttles
 * 30% of calls, answers 5% with HTTP 500/503, resets connections and slows responses, while
 * AWS Config rejects 10% of PutEvaluations entries as FailedEvaluations. Seeded: deterministic.
 */

const account = generateAccount({ users: 300, endpoints: 250, seed: 5 });
const server = new FakeAws(account, { failEvaluationsRate: 0.1, seed: 11 });
let proxy: FaultProxy;
/** The timeout of a periodic rule's function (infrastructure: 300 s for periodic, 60 s for change-only rules). */
const LAMBDA_TIMEOUT_MS = 300_000;
/** Independent periodic runs per rule (each its own function invocation), all at once. */
const ROUNDS = 4;

function scheduledEvent(configRuleName: string) {
  return {
    version: "1.0",
    invokingEvent: JSON.stringify({
      messageType: "ScheduledNotification",
      notificationCreationTime: "2026-11-01T00:00:00.000Z",
    }),
    ruleParameters: "{}",
    resultToken: configRuleName,
    eventLeftScope: false,
    configRuleName,
    accountId: account.accountId,
  };
}

function clients(endpoint: string, maxAttempts?: number): AwsClients {
  process.env.AWS_ENDPOINT_URL = endpoint;
  return new AwsClients({
    region: "us-east-1",
    credentials: { accessKeyId: "AKIDFAULTS", secretAccessKey: "faults-secret" },
    ...(maxAttempts ? { maxAttempts } : {}),
  });
}

const noSleep = () => Promise.resolve();

function operationsOf(rule: AnyRule): string[] {
  return [...KINDS[rule.resourceKind].operations, ...rule.facts.flatMap((f) => FACTS[f].operations)].map(
    (o) => `${o.service}.${o.operation}`,
  );
}

beforeAll(async () => {
  const endpoint = await server.start();
  proxy = new FaultProxy({
    upstream: endpoint,
    seed: 1234,
    throttleRate: 0.3,
    serverErrorRate: 0.05,
    resetRate: 0.02,
    slowRate: 0.05,
    slowMs: 200,
  });
  await proxy.start();
});

/**
 * SDK backoff (500 ms base for throttling, adaptive client-side rate limiting) runs on a clock
 * that goes 40 times faster than real time: the same retry decisions and waits, in seconds.
 * `elapsed` below is measured on that clock, so it is the run time the Lambda would see.
 */
const SPEEDUP = 40;
let pump: ReturnType<typeof setInterval> | undefined;
beforeEach(() => {
  const realSetInterval = setInterval;
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"], shouldAdvanceTime: false });
  pump = realSetInterval(() => vi.advanceTimersByTime(5 * SPEEDUP), 5);
});
afterEach(() => {
  clearInterval(pump);
  vi.useRealTimers();
});

afterAll(async () => {
  await proxy.stop();
  await server.stop();
  delete process.env.AWS_ENDPOINT_URL;
});

describe("periodic runs under faults", () => {
  it("reports every verdict that matters and every result to retire exactly once despite throttling, 5xx, resets and FailedEvaluations", async () => {
    // Prepare: what each rule reports without faults (its COMPLIANT and NON_COMPLIANT verdicts: no
    // result is held yet, so no NOT_APPLICABLE), and one stale result to retire per rule.
    const baseline = new Map<string, Set<string>>();
    for (const rule of RULES) {
      await handleConfigRuleEvent(rule, scheduledEvent(`${rule.name}-baseline`), {
        clients: clients(server.endpoint),
        sleep: noSleep,
      });
      baseline.set(rule.name, server.acceptedFor(`${rule.name}-baseline`).resources);
      // Every entry of the baseline is a verdict that matters (the server keeps those as results).
      expect(server.reported.get(`${rule.name}-baseline`)?.size ?? 0, rule.name).toBe(
        server.acceptedFor(`${rule.name}-baseline`).entries,
      );
      for (let round = 0; round < ROUNDS; round++) {
        server.seedReported(`${rule.name}-faults-${round}`, [
          {
            resourceType: ruleResourceTypes(rule)[0],
            resourceId: "gone-resource",
            compliance: "NON_COMPLIANT",
            annotation: "",
          },
        ]);
      }
    }
    const failedBefore = server.failedEvaluations;

    // Act: the same runs, all rules at once, through the fault proxy.
    const started = Date.now();
    // Each rule's function has its own clients (and its own adaptive rate limiter), as in Lambda.
    const runs = RULES.flatMap((rule) => Array.from({ length: ROUNDS }, (_, round) => ({ rule, round })));
    const results = await Promise.all(
      runs.map(({ rule, round }) =>
        handleConfigRuleEvent(rule, scheduledEvent(`${rule.name}-faults-${round}`), {
          clients: clients(proxy.endpoint),
          sleep: noSleep,
        }),
      ),
    );
    const elapsed = Date.now() - started;

    // Assess
    expect(proxy.injected.throttle).toBeGreaterThan(0);
    expect(proxy.injected.serverError).toBeGreaterThan(0);
    expect(proxy.injected.reset).toBeGreaterThan(0);
    expect(server.failedEvaluations).toBeGreaterThan(failedBefore);
    for (const [i, { rule, round }] of runs.entries()) {
      const expected = baseline.get(rule.name) ?? new Set();
      expect(expected.size).toBeGreaterThan(0);
      const got = server.acceptedFor(`${rule.name}-faults-${round}`);
      expect(got.duplicates).toEqual([]);
      const stale = `${ruleResourceTypes(rule)[0]}\u0000gone-resource`;
      expect(got.resources).toEqual(new Set([...expected, stale]));
      expect(results[i]?.evaluations).toBe(expected.size + 1);
    }
    expect(elapsed).toBeLessThan(LAMBDA_TIMEOUT_MS);
    // Wall-clock budget for a loaded test machine; the Lambda budget is `elapsed` above.
  }, 180_000);

  it("fails the run loudly, reporting nothing, when a call a rule makes keeps failing", async () => {
    for (const rule of RULES) {
      for (const [i, op] of operationsOf(rule).entries()) {
        // Prepare
        const token = `${rule.name}-broken-${i}`;
        proxy.alwaysFail = { [op]: i % 2 === 0 ? "500" : "throttle" };
        const before = proxy.attempts.get(op) ?? 0;
        // Act
        const outcome = await handleConfigRuleEvent(rule, scheduledEvent(token), {
          clients: clients(proxy.endpoint, 2),
          sleep: noSleep,
        }).then(
          () => undefined,
          (error: unknown) => error as Error,
        );
        // Assess: the listing of the rule's own resources is always made; any failing call fails the run.
        const attempted = (proxy.attempts.get(op) ?? 0) > before;
        if (i === 0) expect(attempted).toBe(true);
        if (attempted) {
          expect(outcome).toBeInstanceOf(Error);
          expect(outcome?.message).toContain(rule.name);
          expect(outcome?.message).toMatch(/failed|denied|rejecting/);
          expect(server.acceptedFor(token).entries).toBe(0);
        }
      }
    }
    proxy.alwaysFail = {};
  });

  it("fails the run loudly when PutEvaluations keeps rejecting entries, after retrying them", async () => {
    const rule = RULES[0] as AnyRule;
    const rejecting = new FakeAws(account, { failEvaluationsRate: 1 });
    const endpoint = await rejecting.start();
    try {
      const outcome = await handleConfigRuleEvent(rule, scheduledEvent(`${rule.name}-rejected`), {
        clients: clients(endpoint),
        sleep: noSleep,
      }).then(
        () => undefined,
        (error: unknown) => error as Error,
      );
      expect(outcome?.message).toMatch(/PutEvaluations kept rejecting/);
      // Every entry was offered 5 times (first attempt plus 4 retries), and none was accepted.
      const offers = new Map<string, number>();
      for (const body of rejecting.putBodies) {
        for (const e of (JSON.parse(body) as { Evaluations: { ComplianceResourceId: string }[] }).Evaluations)
          offers.set(e.ComplianceResourceId, (offers.get(e.ComplianceResourceId) ?? 0) + 1);
      }
      expect(offers.size).toBeGreaterThan(0);
      expect(new Set(offers.values())).toEqual(new Set([5]));
      expect(rejecting.acceptedFor(`${rule.name}-rejected`).entries).toBe(0);
    } finally {
      await rejecting.stop();
    }
  });
});
