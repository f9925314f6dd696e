import { describe, expect, it } from "vitest";
import { limiter } from "../../packages/core/src/util/limit.js";

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
