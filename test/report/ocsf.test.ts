import { describe, expect, it } from "vitest";
import { OCSF_VERSION, toOcsf } from "../../packages/core/src/report/ocsf.js";
import { AT, evaluation, input } from "./build.js";

/**
 * OCSF 1.3.0 Compliance Finding (github.com/ocsf/ocsf-schema at tag 1.3.0): class_uid 2003 (findings
 * category 2, class 3), type_uid = class_uid * 100 + activity_id, severity_id 1..5, compliance.status_id
 * 1 Pass / 3 Fail / 99 Other, required: metadata.product, metadata.version, finding_info.uid/title,
 * compliance.standards, cloud.provider.
 */
// biome-ignore lint/suspicious/noExplicitAny: events are read as parsed JSON.
type Event = Record<string, any>;

function events(...args: Parameters<typeof input>): Event[] {
  return JSON.parse(toOcsf(input(...args)));
}

describe("ocsf report", () => {
  it("returns one Compliance Finding event per result with the class, category and type ids", () => {
    const [event] = events([evaluation()]);
    expect(event).toMatchObject({ class_uid: 2003, category_uid: 2, activity_id: 1, type_uid: 200301 });
    expect(event?.time).toBe(AT.getTime());
    expect(event?.metadata).toEqual({
      version: OCSF_VERSION,
      product: { name: "migration-guard", vendor_name: "migration-guard", version: expect.any(String) },
    });
    expect(OCSF_VERSION).toBe("1.3.0");
  });

  it("returns severity_id 4 (High) for a non-compliant result of a high-severity rule", () => {
    const [event] = events([evaluation()]);
    expect([event?.severity_id, event?.severity]).toEqual([4, "High"]);
  });

  it("returns compliance status Fail (3), Pass (1) and Other (99) with the status text for NOT_APPLICABLE", () => {
    const all = events(
      [evaluation(), evaluation({ compliance: "COMPLIANT" }), evaluation({ compliance: "NOT_APPLICABLE" })],
      { includeNotApplicable: true },
    );
    expect(all.map((e) => [e.compliance.status_id, e.compliance.status])).toEqual([
      [3, "Fail"],
      [1, "Pass"],
      [99, "Not Applicable"],
    ]);
    for (const e of all) {
      expect(e.compliance.control).toBe("dms-endpoint-tls");
      expect(e.compliance.standards).toEqual(["dms-using-ssl.txt"]);
    }
  });

  it("returns a finding uid stable across runs and distinct per rule and resource", () => {
    const a = events([evaluation()])[0]?.finding_info.uid;
    const again = events([evaluation({ annotation: "other text", orderingTimestamp: new Date(0) })])[0]
      ?.finding_info.uid;
    const otherResource = events([
      evaluation({ resourceId: "arn:aws:dms:eu-west-1:111122223333:endpoint:OTHER" }),
    ])[0]?.finding_info.uid;
    const otherRule = events([evaluation({ rule: "dms-endpoint-authentication" })])[0]?.finding_info.uid;
    expect(again).toBe(a);
    expect(new Set([a, otherResource, otherRule]).size).toBe(3);
  });

  it("returns the resource, the cloud account and region, the title, description and remediation", () => {
    const [event] = events([evaluation()]);
    expect(event?.resources).toEqual([
      {
        uid: "arn:aws:dms:eu-west-1:111122223333:endpoint:ABCDEF",
        name: "orders-source",
        type: "AWS::DMS::Endpoint",
        region: "eu-west-1",
      },
    ]);
    expect(event?.cloud).toMatchObject({
      provider: "AWS",
      account: { uid: "111122223333" },
      region: "eu-west-1",
    });
    expect(event?.finding_info).toMatchObject({
      title: "dms-endpoint-tls: orders-source",
      desc: "postgres endpoint uses SslMode none; use verify-full",
    });
    expect(event?.remediation.desc).toMatch(/SslMode/);
  });
});

describe("report product metadata", () => {
  it("returns the version of the @migration-guard/core package", async () => {
    const { PRODUCT } = await import("../../packages/core/src/report/finding-id.js");
    const { readFileSync } = await import("node:fs");
    const pkg = JSON.parse(
      readFileSync(new URL("../../packages/core/package.json", import.meta.url), "utf8"),
    ) as { version: string };
    expect(PRODUCT.version).toBe(pkg.version);
  });
});
