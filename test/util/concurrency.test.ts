import { describe, expect, it } from "vitest";
import { limiter, mapWithConcurrency } from "../../packages/core/src/util/concurrency.js";

describe("mapWithConcurrency", () => {
  it("returns results in input order with at most `limit` calls in flight", async () => {
    let inFlight = 0;
    let most = 0;
    const results = await mapWithConcurrency([30, 5, 20, 1, 10, 2], 2, async (ms, i) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, ms));
      inFlight--;
      return `${i}:${ms}`;
    });
    expect(results).toEqual(["0:30", "1:5", "2:20", "3:1", "4:10", "5:2"]);
    expect(most).toBe(2);
  });

  it("returns an empty list for no items", async () => {
    expect(await mapWithConcurrency([], 4, async () => 1)).toEqual([]);
  });
});

describe("limiter", () => {
  it("runs at most the limit of tasks at once and resolves each with its own result", async () => {
    // Prepare
    const run = limiter(3);
    let active = 0;
    let peak = 0;
    const task = async (i: number) => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 2));
      active--;
      return i * 2;
    };
    // Act
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => run(() => task(i))));
    // Assess
    expect(peak).toBe(3);
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i * 2));
  });

  it("keeps running queued tasks after one fails and rejects only that task", async () => {
    const run = limiter(1);
    const outcomes = await Promise.allSettled([
      run(async () => {
        throw new Error("boom");
      }),
      run(async () => "after"),
    ]);
    expect(outcomes[0]).toMatchObject({ status: "rejected" });
    expect(outcomes[1]).toEqual({ status: "fulfilled", value: "after" });
  });

  it("returns a RangeError for a limit below 1", () => {
    expect(() => limiter(0)).toThrow(RangeError);
  });
});
