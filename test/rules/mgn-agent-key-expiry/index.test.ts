import { describe, expect, it } from "vitest";
import type { Facts } from "../../../packages/core/src/model/index.js";
import { rule } from "../../../packages/core/src/rules/mgn-agent-key-expiry/index.js";
import { parseParameters } from "../../../packages/core/src/rules/params.js";
import { boundary, daysAgo, groups, inventory, key, NOW, policies, user } from "../mgn-builders.js";

const allowAll = { Effect: "Allow", Action: "*", Resource: "*" };
const denyAfter = (date: string) => ({
  Sid: "Expire",
  Effect: "Deny",
  Action: "*",
  Resource: "*",
  Condition: { DateGreaterThan: { "aws:CurrentTime": date } },
});
const deny = boundary("agent-boundary", allowAll, denyAfter("2026-12-01T00:00:00Z"));
const bounded = user({ permissionsBoundaryArn: deny.arn });

function run(
  u = bounded,
  keys = inventory({ "mgn-agent": [key({ createdAt: daysAgo(5) })] }),
  managed: Facts["iamManagedPolicies"] = policies(deny),
) {
  return rule.evaluate(u, parseParameters(rule.name, rule.parameters, {}), {
    now: NOW,
    facts: { iamGroups: groups(), iamAccessKeys: keys, iamManagedPolicies: managed },
  });
}

describe("mgn-agent-key-expiry", () => {
  it("returns NOT_APPLICABLE when the user is not an MGN agent user", () => {
    expect(run(user({ attachedPolicyArns: [] })).compliance).toBe("NOT_APPLICABLE");
  });

  it("returns COMPLIANT when the agent user has no active key", () => {
    expect(run(user(), inventory({ "mgn-agent": [key({ active: false })] })).compliance).toBe("COMPLIANT");
  });

  it("returns NON_COMPLIANT when the agent user has an active key and no permissions boundary", () => {
    const f = run(user());
    expect(f).toMatchObject({
      compliance: "NON_COMPLIANT",
      annotation: expect.stringContaining("no permissions boundary"),
    });
  });

  it("returns NON_COMPLIANT saying it cannot read a boundary that is not a customer managed policy of the account", () => {
    const aws = run(user({ permissionsBoundaryArn: "arn:aws:iam::aws:policy/PowerUserAccess" }));
    expect(aws).toMatchObject({
      compliance: "NON_COMPLIANT",
      annotation: expect.stringContaining("AWS managed policy"),
    });
    const missing = run(user({ permissionsBoundaryArn: "arn:aws:iam::123456789012:policy/gone" }));
    expect(missing).toMatchObject({
      compliance: "NON_COMPLIANT",
      annotation: expect.stringContaining("was not found"),
    });
  });

  it("returns NON_COMPLIANT with the analysis' reason when the boundary has no aws:CurrentTime limit", () => {
    const notAction = boundary("loose", allowAll, {
      ...denyAfter("2026-12-01"),
      Action: undefined,
      NotAction: "mgn:*",
    });
    const f = run(user({ permissionsBoundaryArn: notAction.arn }), undefined, policies(notAction));
    expect(f).toMatchObject({
      compliance: "NON_COMPLIANT",
      annotation: expect.stringContaining("uses NotAction"),
    });
  });

  it("returns COMPLIANT with the expiry date when a Deny stops everything within maxKeyLifetimeDays of the key's creation", () => {
    expect(run()).toEqual({
      compliance: "COMPLIANT",
      annotation: "keys stop working on 2026-12-01T00:00:00Z (boundary agent-boundary, Deny Expire)",
    });
  });

  it("returns COMPLIANT with the expiry date when every Allow ends within the lifetime", () => {
    const allowUntil = boundary("until", {
      Sid: "Until",
      ...allowAll,
      Condition: { DateLessThan: { "AWS:CurrentTime": "1796083200" } },
    });
    const f = run(user({ permissionsBoundaryArn: allowUntil.arn }), undefined, policies(allowUntil));
    expect(f).toMatchObject({
      compliance: "COMPLIANT",
      annotation: expect.stringContaining("2026-12-01T00:00:00Z (boundary until, Allow Until)"),
    });
  });

  it("returns NON_COMPLIANT when the expiry is further than maxKeyLifetimeDays after the key's creation", () => {
    const far = boundary("far", allowAll, denyAfter("2027-03-01"));
    const f = run(user({ permissionsBoundaryArn: far.arn }), undefined, policies(far));
    expect(f).toMatchObject({
      compliance: "NON_COMPLIANT",
      annotation: expect.stringContaining("more than 30 days after access key 1 (created 2026-11-15)"),
    });
  });

  it("returns NON_COMPLIANT (expired: delete the key) when the expiry has passed but the key is still active", () => {
    const past = boundary("past", allowAll, denyAfter("2026-11-18"));
    const f = run(user({ permissionsBoundaryArn: past.arn }), undefined, policies(past));
    expect(f).toMatchObject({
      compliance: "NON_COMPLIANT",
      annotation: expect.stringMatching(/^expired: .* delete the key$/),
    });
  });

  it("returns COMPLIANT saying the key is unusable when the boundary allows nothing", () => {
    const nothing = boundary("nothing", { Effect: "Deny", Action: "*", Resource: "*" });
    const f = run(user({ permissionsBoundaryArn: nothing.arn }), undefined, policies(nothing));
    expect(f).toMatchObject({
      compliance: "COMPLIANT",
      annotation: expect.stringContaining("allows nothing"),
    });
  });

  it("returns NON_COMPLIANT when an agent user created after the credential report has no boundary", () => {
    const f = run(user({ createdAt: daysAgo(0) }), inventory({}, daysAgo(1)));
    expect(f).toMatchObject({
      compliance: "NON_COMPLIANT",
      annotation: expect.stringContaining("not yet in the credential report"),
    });
  });
});
