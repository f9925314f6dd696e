import { describe, expect, it } from "vitest";
import { motoEnv } from "../support/moto.js";

/**
 * functions/remediate.ts as Lambda loads it: configuration from the environment the Remediation
 * stack sets (REMEDIATION_SETTINGS, RULE_PARAMETERS, TOPIC_ARN), clients from the environment
 * (moto here), the logic in core.
 */

const ACCOUNT = "730000000005";

async function load() {
  Object.assign(process.env, motoEnv(ACCOUNT), {
    REMEDIATION_SETTINGS: JSON.stringify({ "mgn-agent-key-cleanup": { mode: "automatic" } }),
    RULE_PARAMETERS: JSON.stringify({ "mgn-agent-key-cleanup": { gracePeriodDays: "2" } }),
    TOPIC_ARN: `arn:aws:sns:us-east-1:${ACCOUNT}:alerts`,
  });
  return import("../../functions/remediate.js");
}

describe("functions/remediate", () => {
  it("answers a request for a resource that is not there with no action", async () => {
    const { handler } = await load();
    await expect(
      handler({ ruleName: "mgn-agent-key-cleanup", resourceId: "AIDANOSUCHUSER000000" }),
    ).resolves.toEqual({
      ruleName: "mgn-agent-key-cleanup",
      resourceId: "AIDANOSUCHUSER000000",
      actions: [],
    });
  });

  it("rejects a request for a rule the stage did not enable", async () => {
    const { handler } = await load();
    await expect(
      handler({ ruleName: "mgn-agent-key-expiry", resourceId: "AIDANOSUCHUSER000000" }),
    ).rejects.toThrow("has no remediation enabled in this stage");
  });
});
