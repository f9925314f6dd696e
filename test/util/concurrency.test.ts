import { describe, expect, it } from "vitest";
import { mapWithConcurrency } from "../../packages/core/src/util/concurrency.js";

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
