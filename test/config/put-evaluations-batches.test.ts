import type { ConfigServiceClient } from "@aws-sdk/client-config-service";
import { describe, expect, it } from "vitest";
import { putEvaluations } from "../../packages/core/src/config/config-api.js";
import type { Evaluation } from "../../packages/core/src/config/evaluation.js";

function evaluations(n: number): Evaluation[] {
  return Array.from({ length: n }, (_, i) => ({
    rule: "r",
    resourceType: "AWS::DMS::Endpoint",
    resourceId: `arn:${i}`,
    resourceName: undefined,
    compliance: "COMPLIANT",
    annotation: "ok",
    orderingTimestamp: new Date("2026-11-01T00:00:00Z"),
  }));
}

describe("putEvaluations", () => {
  it("sends 1,050 evaluations once each in 11 batches of at most 100, at most 4 batches at a time", async () => {
    // Prepare
    let active = 0;
    let peak = 0;
    const sent: string[] = [];
    const client = {
      send: async (command: { input: { Evaluations: { ComplianceResourceId: string }[] } }) => {
        active++;
        peak = Math.max(peak, active);
        await new Promise((r) => setTimeout(r, 2));
        expect(command.input.Evaluations.length).toBeLessThanOrEqual(100);
        sent.push(...command.input.Evaluations.map((e) => e.ComplianceResourceId));
        active--;
        return { FailedEvaluations: [] };
      },
    } as unknown as ConfigServiceClient;
    // Act
    const calls = await putEvaluations(client, evaluations(1_050), "token");
    // Assess
    expect(calls).toBe(11);
    expect(peak).toBe(4);
    expect(new Set(sent).size).toBe(1_050);
    expect(sent).toHaveLength(1_050);
  });

  it("waits for every batch and then reports the failure when one batch fails", async () => {
    let finished = 0;
    const client = {
      send: async (command: { input: { Evaluations: { ComplianceResourceId: string }[] } }) => {
        await new Promise((r) => setTimeout(r, 2));
        if (command.input.Evaluations[0]?.ComplianceResourceId === "arn:100") throw new Error("boom");
        finished++;
        return { FailedEvaluations: [] };
      },
    } as unknown as ConfigServiceClient;
    await expect(putEvaluations(client, evaluations(300), "token")).rejects.toThrow(
      "config:PutEvaluations failed: Error: boom",
    );
    expect(finished).toBe(2);
  });
});
