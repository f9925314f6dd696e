import { describe, expect, it } from "vitest";
import type { Evaluation } from "../../packages/core/src/config/evaluation.js";
import {
  type DeltaReporting,
  deltaReportingFromEnvironment,
  periodicReport,
} from "../../packages/core/src/config/periodic.js";
import { MalformedInputError } from "../../packages/core/src/errors.js";
import type { Compliance } from "../../packages/core/src/rules/types.js";
import { ConfigResults } from "../support/aws/config-results.js";

/**
 * What a periodic run reports (config/periodic.ts), run after run against an in-memory AWS Config
 * result store that lists COMPLIANT and NON_COMPLIANT results as GetComplianceDetailsByConfigRule does.
 */

const TYPE = "AWS::IAM::User";
const DAY = 86_400_000;
const T0 = new Date("2026-11-01T00:00:00Z");
const day = (n: number) => new Date(T0.getTime() + n * DAY);
const DELTA: DeltaReporting = { enabled: true, maxAgeDays: 7 };

function evaluation(id: string, compliance: Compliance, annotation = `${id} is ${compliance}`): Evaluation {
  return {
    rule: "mgn-agent-key-rotation",
    resourceType: TYPE,
    resourceId: id,
    resourceName: id,
    compliance,
    annotation,
    orderingTimestamp: T0,
  };
}

function retire(held: { resourceType: string; resourceId: string }): Evaluation {
  return { ...evaluation(held.resourceId, "NOT_APPLICABLE", "resource no longer exists") };
}

/** One periodic run: select against the store, record what was reported, return it. */
function run(
  store: ConfigResults,
  evaluations: Evaluation[],
  now: Date,
  delta?: DeltaReporting,
): Evaluation[] {
  const reported = periodicReport(evaluations, store.list(), { now, retire, ...(delta ? { delta } : {}) });
  store.record(reported, now);
  return reported;
}

const ids = (evaluations: Evaluation[]) => evaluations.map((e) => `${e.resourceId}:${e.compliance}`);

describe("periodicReport", () => {
  it("does not report a NOT_APPLICABLE resource that has no result in AWS Config", () => {
    const store = new ConfigResults();
    const reported = run(
      store,
      [
        evaluation("agent", "NON_COMPLIANT"),
        evaluation("bob", "NOT_APPLICABLE"),
        evaluation("ann", "COMPLIANT"),
      ],
      day(0),
    );
    expect(ids(reported)).toEqual(["agent:NON_COMPLIANT", "ann:COMPLIANT"]);
  });

  it("retires once the result of a resource that left the rule's concern", () => {
    const store = new ConfigResults();
    store.seed({ resourceType: TYPE, resourceId: "ex-agent", compliance: "COMPLIANT", recordedAt: day(-1) });
    const first = run(store, [evaluation("ex-agent", "NOT_APPLICABLE", "not an MGN agent user")], day(0));
    expect(first).toEqual([evaluation("ex-agent", "NOT_APPLICABLE", "not an MGN agent user")]);
    expect(run(store, [evaluation("ex-agent", "NOT_APPLICABLE")], day(1))).toEqual([]);
  });

  it("retires once the result of a resource that no longer exists", () => {
    const store = new ConfigResults();
    store.seed({ resourceType: TYPE, resourceId: "gone", compliance: "NON_COMPLIANT", recordedAt: day(-3) });
    const first = run(store, [evaluation("agent", "COMPLIANT")], day(0));
    expect(ids(first)).toEqual(["agent:COMPLIANT", "gone:NOT_APPLICABLE"]);
    expect(first[1]?.annotation).toBe("resource no longer exists");
    const second = run(store, [evaluation("agent", "COMPLIANT")], day(1));
    expect(ids(second)).toEqual(["agent:COMPLIANT"]);
  });

  it("retires a resource listed twice once, from its latest result", () => {
    const held = { resourceType: TYPE, resourceId: "gone" };
    const reported = periodicReport(
      [],
      [
        { ...held, compliance: "COMPLIANT", recordedAt: day(-9) },
        { ...held, compliance: "NON_COMPLIANT", recordedAt: day(-2) },
      ],
      { now: day(0), retire },
    );
    expect(ids(reported)).toEqual(["gone:NOT_APPLICABLE"]);
  });

  it("reports every verdict that matters on every run when delta reporting is off", () => {
    const store = new ConfigResults();
    const verdicts = [evaluation("a", "COMPLIANT"), evaluation("b", "NON_COMPLIANT")];
    run(store, verdicts, day(0));
    expect(ids(run(store, verdicts, day(1)))).toEqual(["a:COMPLIANT", "b:NON_COMPLIANT"]);
  });

  it("skips, under delta reporting, a verdict unchanged since a result recorded less than N days ago", () => {
    const store = new ConfigResults();
    const verdicts = [evaluation("a", "COMPLIANT"), evaluation("b", "NON_COMPLIANT")];
    expect(run(store, verdicts, day(0), DELTA)).toHaveLength(2);
    for (let d = 1; d < 7; d++) expect(run(store, verdicts, day(d), DELTA)).toEqual([]);
  });

  it("refreshes, under delta reporting, an unchanged result recorded N days ago or more", () => {
    const store = new ConfigResults();
    const verdicts = [evaluation("a", "COMPLIANT")];
    run(store, verdicts, day(0), DELTA);
    expect(run(store, verdicts, new Date(day(7).getTime() - 1), DELTA)).toEqual([]);
    expect(ids(run(store, verdicts, day(7), DELTA))).toEqual(["a:COMPLIANT"]);
    expect(run(store, verdicts, day(8), DELTA)).toEqual([]);
  });

  it("reports, under delta reporting, a verdict whose compliance or annotation changed", () => {
    const store = new ConfigResults();
    run(
      store,
      [evaluation("a", "COMPLIANT"), evaluation("b", "NON_COMPLIANT", "key is 91 days old")],
      day(0),
      DELTA,
    );
    const reported = run(
      store,
      [evaluation("a", "NON_COMPLIANT"), evaluation("b", "NON_COMPLIANT", "key is 92 days old")],
      day(1),
      DELTA,
    );
    expect(ids(reported)).toEqual(["a:NON_COMPLIANT", "b:NON_COMPLIANT"]);
  });

  it("compares annotations as AWS Config records them (cut to 256 characters)", () => {
    const store = new ConfigResults();
    const long = [evaluation("a", "NON_COMPLIANT", `${"x".repeat(300)} first`)];
    run(store, long, day(0), DELTA);
    expect(
      run(store, [evaluation("a", "NON_COMPLIANT", `${"x".repeat(300)} second`)], day(1), DELTA),
    ).toEqual([]);
  });

  it("reports, under delta reporting, a result without a recorded time", () => {
    const store = new ConfigResults();
    store.seed({
      resourceType: TYPE,
      resourceId: "a",
      compliance: "COMPLIANT",
      annotation: "a is COMPLIANT",
    });
    expect(ids(run(store, [evaluation("a", "COMPLIANT")], day(0), DELTA))).toEqual(["a:COMPLIANT"]);
  });
});

describe("deltaReportingFromEnvironment", () => {
  it("returns delta reporting off when DELTA_REPORTING_MAX_AGE_DAYS is not set", () => {
    expect(deltaReportingFromEnvironment({})).toEqual({ enabled: false, maxAgeDays: 7 });
  });

  it("returns delta reporting on with the days DELTA_REPORTING_MAX_AGE_DAYS gives", () => {
    expect(deltaReportingFromEnvironment({ DELTA_REPORTING_MAX_AGE_DAYS: "30" })).toEqual({
      enabled: true,
      maxAgeDays: 30,
    });
  });

  it.each(["0", "31", "7.5", "-1", "seven"])("rejects DELTA_REPORTING_MAX_AGE_DAYS %s", (value) => {
    expect(() => deltaReportingFromEnvironment({ DELTA_REPORTING_MAX_AGE_DAYS: value })).toThrow(
      MalformedInputError,
    );
  });
});
