import { runSimulation } from "@cloud-copilot/iam-simulate";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyzeExpiry, parseIamDate } from "../../packages/core/src/rules/iam-expiry.js";

const T = "2026-12-05T00:00:00Z";
const allowAll = { Effect: "Allow", Action: "*", Resource: "*" };
const denyAfter = (condition: unknown, extra: Record<string, unknown> = {}) => ({
  Sid: "Stop",
  Effect: "Deny",
  Action: "*",
  Resource: "*",
  Condition: condition,
  ...extra,
});
const doc = (...Statement: unknown[]) => ({ Version: "2012-10-17", Statement });

function expiryOf(document: unknown): string | undefined {
  const a = analyzeExpiry(document);
  return a.kind === "expires" ? a.expiry.toISOString() : undefined;
}

function reasonOf(document: unknown): string {
  const a = analyzeExpiry(document);
  if (a.kind !== "none") throw new Error(`expected no expiry, got ${a.kind}`);
  return a.reasons.join(" | ");
}

describe("parseIamDate", () => {
  it("returns the instant for ISO 8601 with Z, an offset, a date only or no zone (UTC)", () => {
    expect(parseIamDate("2026-12-05T00:00:00Z")?.toISOString()).toBe("2026-12-05T00:00:00.000Z");
    expect(parseIamDate("2026-12-05T02:00:00+02:00")?.toISOString()).toBe("2026-12-05T00:00:00.000Z");
    expect(parseIamDate("2026-12-05T02:00:00+0200")?.toISOString()).toBe("2026-12-05T00:00:00.000Z");
    expect(parseIamDate("2026-12-05")?.toISOString()).toBe("2026-12-05T00:00:00.000Z");
    expect(parseIamDate("2026-12-05T00:00")?.toISOString()).toBe("2026-12-05T00:00:00.000Z");
  });

  it("returns the instant for epoch seconds as a number or a string", () => {
    expect(parseIamDate(1796428800)?.toISOString()).toBe("2026-12-05T00:00:00.000Z");
    expect(parseIamDate("1796428800")?.toISOString()).toBe("2026-12-05T00:00:00.000Z");
  });

  it("returns undefined for policy variables, garbage, impossible days and fractional epochs", () => {
    for (const bad of [
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a template
      "${aws:CurrentTime}",
      "tomorrow",
      "2026-02-31",
      "2026-13-01",
      1.5,
      -1,
      "",
      null,
      true,
    ]) {
      expect(parseIamDate(bad), String(bad)).toBeUndefined();
    }
  });
});

describe("analyzeExpiry", () => {
  it("returns the date of a Deny * on * with DateGreaterThan on aws:CurrentTime", () => {
    const a = analyzeExpiry(doc(allowAll, denyAfter({ DateGreaterThan: { "aws:CurrentTime": T } })));
    expect(a).toEqual({ kind: "expires", expiry: new Date(T), via: "deny", statement: "Stop" });
  });

  it("treats the condition key case-insensitively and accepts DateGreaterThanEquals and IfExists on a Deny", () => {
    expect(expiryOf(doc(allowAll, denyAfter({ DateGreaterThanEquals: { "AWS:currenttime": T } })))).toBe(
      new Date(T).toISOString(),
    );
    expect(expiryOf(doc(allowAll, denyAfter({ DateGreaterThanIfExists: { "aws:CurrentTime": T } })))).toBe(
      new Date(T).toISOString(),
    );
  });

  it("reads epoch seconds and takes the earliest of several ORed Deny values", () => {
    const cond = { DateGreaterThan: { "aws:CurrentTime": ["2027-01-01T00:00:00Z", "1796428800"] } };
    expect(expiryOf(doc(allowAll, denyAfter(cond)))).toBe(new Date(T).toISOString());
  });

  it("takes the earliest of several qualifying Deny statements", () => {
    const later = denyAfter({ DateGreaterThan: { "aws:CurrentTime": "2027-06-01" } }, { Sid: "Later" });
    const sooner = denyAfter({ DateGreaterThan: { "aws:CurrentTime": T } }, { Sid: "Sooner" });
    const a = analyzeExpiry(doc(allowAll, later, sooner));
    expect(a).toMatchObject({ kind: "expires", statement: "Sooner" });
  });

  it("returns no expiry when a Deny uses NotAction or NotResource", () => {
    const cond = { DateGreaterThan: { "aws:CurrentTime": T } };
    expect(
      reasonOf(doc(allowAll, { Effect: "Deny", NotAction: "iam:*", Resource: "*", Condition: cond })),
    ).toMatch(/NotAction/);
    expect(
      reasonOf(
        doc(allowAll, { Effect: "Deny", Action: "*", NotResource: "arn:aws:s3:::x", Condition: cond }),
      ),
    ).toMatch(/NotResource/);
  });

  it("returns no expiry when a Deny covers only some actions or resources", () => {
    const cond = { DateGreaterThan: { "aws:CurrentTime": T } };
    expect(reasonOf(doc(allowAll, denyAfter(cond, { Action: ["mgn:*", "ec2:*"] })))).toMatch(/every action/);
    expect(reasonOf(doc(allowAll, denyAfter(cond, { Resource: "arn:aws:mgn:*:*:*" })))).toMatch(
      /every resource/,
    );
  });

  it("returns no expiry when the Deny's condition has further keys or operators", () => {
    expect(
      reasonOf(
        doc(
          allowAll,
          denyAfter({ DateGreaterThan: { "aws:CurrentTime": T }, Bool: { "aws:ViaAWSService": "false" } }),
        ),
      ),
    ).toMatch(/besides the date/);
    expect(
      reasonOf(
        doc(allowAll, denyAfter({ DateGreaterThan: { "aws:CurrentTime": T, "aws:TokenIssueTime": T } })),
      ),
    ).toMatch(/besides aws:CurrentTime/);
  });

  it("returns no expiry for DateLessThan in a Deny, another date key, or an unreadable date", () => {
    expect(reasonOf(doc(allowAll, denyAfter({ DateLessThan: { "aws:CurrentTime": T } })))).toMatch(
      /DateLessThan/,
    );
    expect(reasonOf(doc(allowAll, denyAfter({ DateGreaterThan: { "aws:TokenIssueTime": T } })))).toMatch(
      /aws:TokenIssueTime/,
    );
    expect(reasonOf(doc(allowAll, denyAfter({ DateGreaterThan: { "aws:CurrentTime": "soon" } })))).toMatch(
      /unreadable date/,
    );
  });

  it("returns the latest date when every Allow carries DateLessThan, whatever other conditions they add", () => {
    const a = analyzeExpiry(
      doc(
        {
          Sid: "A",
          Effect: "Allow",
          Action: "mgn:*",
          Resource: "*",
          Condition: { DateLessThan: { "aws:CurrentTime": "2026-12-01" } },
        },
        {
          Sid: "B",
          Effect: "Allow",
          NotAction: "iam:*",
          Resource: "*",
          Condition: {
            DateLessThanEquals: { "aws:CurrentTime": T },
            StringEquals: { "aws:RequestedRegion": "eu-west-1" },
          },
        },
      ),
    );
    expect(a).toEqual({ kind: "expires", expiry: new Date(T), via: "allow", statement: "B" });
  });

  it("returns no expiry when one Allow has no date, or uses DateLessThanIfExists or a set operator", () => {
    const dated = {
      Effect: "Allow",
      Action: "*",
      Resource: "*",
      Condition: { DateLessThan: { "aws:CurrentTime": T } },
    };
    expect(reasonOf(doc(dated, allowAll))).toMatch(/no DateLessThan/);
    expect(
      reasonOf(doc({ ...dated, Condition: { DateLessThanIfExists: { "aws:CurrentTime": T } } })),
    ).toMatch(/key is absent/);
    expect(
      reasonOf(doc({ ...dated, Condition: { "ForAnyValue:DateLessThan": { "aws:CurrentTime": T } } })),
    ).toMatch(/set operator/);
  });

  it("uses the earliest end when one Allow has two ANDed date operators", () => {
    const a = analyzeExpiry(
      doc({
        Effect: "Allow",
        Action: "*",
        Resource: "*",
        Condition: {
          DateLessThan: { "aws:CurrentTime": "2027-01-01" },
          DateLessThanEquals: { "aws:CurrentTime": T },
        },
      }),
    );
    expect(a).toMatchObject({ kind: "expires", expiry: new Date(T) });
  });

  it("returns the earlier of the Deny and the Allow paths", () => {
    const allowUntil = {
      Effect: "Allow",
      Action: "*",
      Resource: "*",
      Condition: { DateLessThan: { "aws:CurrentTime": "2026-11-30" } },
    };
    expect(
      analyzeExpiry(doc(allowUntil, denyAfter({ DateGreaterThan: { "aws:CurrentTime": T } }))),
    ).toMatchObject({
      kind: "expires",
      via: "allow",
      expiry: new Date("2026-11-30T00:00:00Z"),
    });
  });

  it("says the boundary allows nothing for an unconditional Deny *, no Allow, or no statements", () => {
    expect(analyzeExpiry(doc(allowAll, { Effect: "Deny", Action: "*", Resource: "*" })).kind).toBe(
      "allowsNothing",
    );
    expect(analyzeExpiry(doc({ Effect: "Deny", Action: "s3:*", Resource: "*" })).kind).toBe("allowsNothing");
    expect(analyzeExpiry({ Version: "2012-10-17", Statement: [] }).kind).toBe("allowsNothing");
  });

  it("accepts a single Statement object, and rejects malformed documents and unknown effects with a reason", () => {
    expect(
      expiryOf({
        Statement: {
          Effect: "Allow",
          Action: "*",
          Resource: "*",
          Condition: { DateLessThan: { "aws:CurrentTime": T } },
        },
      }),
    ).toBe(new Date(T).toISOString());
    expect(reasonOf("not a policy")).toMatch(/not a JSON object/);
    expect(reasonOf(doc({ Effect: "Maybe", Action: "*", Resource: "*" }))).toMatch(/neither Allow nor Deny/);
    expect(reasonOf(doc(allowAll, denyAfter("DateGreaterThan")))).toMatch(/malformed Condition/);
  });
});

/** Random boundary documents built from the pieces the analysis must get right. */
const dateArb = fc
  .date({ min: new Date("2025-01-01T00:00:00Z"), max: new Date("2030-01-01T00:00:00Z"), noInvalidDate: true })
  .map((d) => new Date(Math.floor(d.getTime() / 1000) * 1000));
const dateValueArb = dateArb.chain((d) =>
  fc.constantFrom(d.toISOString().replace(/\.000Z$/, "Z"), String(d.getTime() / 1000), d.getTime() / 1000),
);
const keyArb = fc.constantFrom("aws:CurrentTime", "AWS:CurrentTime", "aws:currenttime", "aws:TokenIssueTime");
const operatorArb = fc.constantFrom(
  "DateGreaterThan",
  "DateGreaterThanEquals",
  "DateGreaterThanIfExists",
  "DateLessThan",
  "DateLessThanEquals",
  "DateLessThanIfExists",
);
const conditionArb = fc.option(
  fc
    .record({ op: operatorArb, key: keyArb, value: dateValueArb, extra: fc.boolean() })
    .map(({ op, key, value, extra }) => ({
      [op]: { [key]: value },
      ...(extra ? { StringEquals: { "aws:RequestedRegion": "us-east-1" } } : {}),
    })),
  { nil: undefined },
);
const statementArb = fc
  .record({
    Effect: fc.constantFrom("Allow", "Deny"),
    action: fc.constantFrom<[string, unknown]>(
      ["Action", "*"],
      ["Action", ["*"]],
      ["Action", "s3:*"],
      ["NotAction", "iam:*"],
    ),
    resource: fc.constantFrom<[string, unknown]>(
      ["Resource", "*"],
      ["Resource", "arn:aws:s3:::bucket"],
      ["NotResource", "arn:aws:s3:::other"],
    ),
    Condition: conditionArb,
  })
  .map(({ Effect, action, resource, Condition }) => ({
    Effect,
    [action[0]]: action[1],
    [resource[0]]: resource[1],
    ...(Condition ? { Condition } : {}),
  }));
const documentArb = fc
  .array(statementArb, { minLength: 1, maxLength: 4 })
  .map((Statement) => ({ Version: "2012-10-17", Statement }));

const REQUESTS = [
  { action: "s3:GetObject", resource: "arn:aws:s3:::bucket/key" },
  { action: "s3:ListBucket", resource: "arn:aws:s3:::bucket" },
  { action: "ec2:DescribeInstances", resource: "*" },
  { action: "mgn:DescribeSourceServers", resource: "*" },
  { action: "iam:ListUsers", resource: "*" },
];

async function allowedAt(document: unknown, at: Date, request: { action: string; resource: string }) {
  const response = await runSimulation(
    {
      request: {
        principal: "arn:aws:iam::123456789012:user/agent",
        action: request.action,
        resource: { resource: request.resource, accountId: "123456789012" },
        contextVariables: {
          "aws:CurrentTime": at.toISOString().replace(/\.\d{3}Z$/, "Z"),
          "aws:RequestedRegion": "us-east-1",
        },
      },
      identityPolicies: [{ name: "all", policy: { Version: "2012-10-17", Statement: [allowAll] } }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      permissionBoundaryPolicies: [{ name: "boundary", policy: document }],
    },
    {},
  );
  if (response.resultType === "error") throw new Error(JSON.stringify(response.errors));
  return response.overallResult === "Allowed";
}

describe("analyzeExpiry properties", () => {
  it("agrees with iam-simulate on a known boundary: allowed before the Deny date, denied after", async () => {
    const boundary = doc(allowAll, denyAfter({ DateGreaterThan: { "aws:CurrentTime": T } }));
    const request = REQUESTS[0] as (typeof REQUESTS)[number];
    expect(await allowedAt(boundary, new Date("2026-12-04T23:59:59Z"), request)).toBe(true);
    expect(await allowedAt(boundary, new Date("2026-12-05T00:00:01Z"), request)).toBe(false);
  });

  it("returns an expiry only for documents where no request is allowed after it (cross-checked with iam-simulate)", async () => {
    await fc.assert(
      fc.asyncProperty(documentArb, async (document) => {
        const a = analyzeExpiry(document);
        if (a.kind === "none") return;
        const after =
          a.kind === "expires" ? new Date(a.expiry.getTime() + 1000) : new Date("2025-01-01T00:00:00Z");
        for (const request of REQUESTS) {
          expect(
            await allowedAt(document, after, request),
            `${request.action} at ${after.toISOString()}`,
          ).toBe(false);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("never changes its answer when statements are reordered or condition keys change case", () => {
    fc.assert(
      fc.property(documentArb, (document) => {
        const reversed = { ...document, Statement: [...document.Statement].reverse() };
        const upper = JSON.parse(JSON.stringify(document).replace(/aws:CurrentTime/gi, "AWS:CURRENTTIME"));
        const expiry = (d: unknown) => {
          const a = analyzeExpiry(d);
          return a.kind === "expires" ? a.expiry.getTime() : a.kind;
        };
        expect(expiry(reversed)).toEqual(expiry(document));
        expect(expiry(upper)).toEqual(expiry(document));
      }),
    );
  });

  it("returns exactly the Deny date for an Allow * plus a Deny * after a random date in any notation", () => {
    fc.assert(
      fc.property(dateArb, dateValueArb, (_, value) => {
        const a = analyzeExpiry(doc(allowAll, denyAfter({ DateGreaterThan: { "aws:CurrentTime": value } })));
        const expected =
          typeof value === "number" || /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value);
        expect(a).toMatchObject({ kind: "expires", expiry: new Date(expected) });
      }),
    );
  });
});
