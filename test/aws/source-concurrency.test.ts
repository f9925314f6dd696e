import { describe, expect, it } from "vitest";
import type { AwsClients } from "../../packages/core/src/aws/clients.js";
import type { KeyedRead } from "../../packages/core/src/aws/read.js";
import { LiveSource } from "../../packages/core/src/aws/source.js";

describe("LiveSource", () => {
  it("bounds per-resource calls of one operation to its concurrency, however many keys are asked at once", async () => {
    // Prepare
    let active = 0;
    let peak = 0;
    const op: KeyedRead = {
      kind: "keyed",
      service: "kms",
      operation: "DescribeKey",
      iamAction: "kms:DescribeKey",
      async fetch(_clients, key) {
        active++;
        peak = Math.max(peak, active);
        await new Promise((r) => setTimeout(r, 1));
        active--;
        return { KeyMetadata: { KeyId: key } };
      },
    };
    const source = new LiveSource({} as AwsClients, { concurrency: 4 });
    // Act
    const outputs = await Promise.all(
      Array.from({ length: 100 }, (_, i) => source.lookup(op, `key-${i % 60}`)),
    );
    // Assess
    expect(peak).toBe(4);
    expect(source.calls.get("kms:DescribeKey")).toBe(60);
    expect(outputs[99]).toEqual({ KeyMetadata: { KeyId: "key-39" } });
  });
});

describe("LiveSource with an operation that sets its own concurrency", () => {
  it("starts every key of one turn at once, so an operation that batches keys sees them together", async () => {
    let started = 0;
    let peak = 0;
    let active = 0;
    const op: KeyedRead = {
      kind: "keyed",
      service: "dms",
      operation: "ListTagsForResource",
      iamAction: "dms:ListTagsForResource",
      concurrency: Number.POSITIVE_INFINITY,
      async fetch() {
        started++;
        active++;
        peak = Math.max(peak, active);
        await new Promise((r) => setTimeout(r, 1));
        active--;
        return { TagList: [] };
      },
    };
    const source = new LiveSource({} as AwsClients);
    await Promise.all(Array.from({ length: 50 }, (_, i) => source.lookup(op, `arn:${i}`)));
    expect(started).toBe(50);
    expect(peak).toBe(50);
  });
});
