import { describe, expect, it } from "vitest";
import { nodejsBundling } from "../../stacks/sdk-bundling.js";
import { synthesize } from "../../stacks/synth.js";
import { buildKey } from "../../stacks/synth-cache.js";

/**
 * The test run's reuse of function builds (stacks/synth-cache.ts): one bundle per handler and
 * bundling props, whatever the function's environment; a synthesis from reused builds is the
 * synthesis from fresh ones.
 */

const props = (handler: string, services: Parameters<typeof nodejsBundling>[0]) => ({
  handler,
  runtime: "nodejs22.x",
  architecture: "arm_64",
  nodejs: nodejsBundling(services),
});

describe("function builds reused across syntheses", () => {
  it("returns one key for one handler and bundling, another when either differs", () => {
    const dms = buildKey(props("functions/evaluate.handler", ["config", "dms"]));
    expect(buildKey(props("functions/evaluate.handler", ["config", "dms"]))).toBe(dms);
    expect(buildKey(props("functions/evaluate.handler", ["config", "dms", "kms"]))).not.toBe(dms);
    expect(buildKey(props("functions/trigger.handler", ["config", "dms"]))).not.toBe(dms);
    expect(
      buildKey({ ...props("functions/evaluate.handler", ["config", "dms"]), architecture: "x86_64" }),
    ).not.toBe(dms);
  });

  it("returns the same templates from reused builds as from the first", { timeout: 120_000 }, async () => {
    expect(process.env.MIGRATION_GUARD_SYNTH_CACHE).toBeTruthy();
    const first = await synthesize({ stage: "reuse" });
    const again = await synthesize({ stage: "reuse" });
    for (const [id, { template }] of Object.entries(first.stacks))
      expect(again.stacks[id]?.template.toJSON()).toEqual(template.toJSON());
    // The rule functions share bundles: fewer code assets than functions.
    const rules = JSON.stringify(first.stacks.Rules?.template.toJSON());
    const keys = rules.match(/"S3Key":"[0-9a-f]{64}\.zip"/g) ?? [];
    expect(keys.length).toBeGreaterThan(new Set(keys).size);
  });
});
