import { describe, expect, it } from "vitest";
import { rule } from "../../../packages/core/src/rules/mgn-agent-key-rotation/index.js";
import { parseParameters } from "../../../packages/core/src/rules/params.js";
import { daysAgo, groups, INSTALL_POLICY, inventory, key, NOW, user } from "../mgn-builders.js";

function run(u = user(), keys = inventory({ "mgn-agent": [key()] }), raw: Record<string, unknown> = {}) {
  const params = parseParameters(rule.name, rule.parameters, raw);
  return rule.evaluate(u, params, {
    now: NOW,
    facts: {
      iamGroups: groups({ groupName: "mgn", attachedPolicyArns: [INSTALL_POLICY] }),
      iamAccessKeys: keys,
    },
  });
}

describe("mgn-agent-key-rotation", () => {
  it("returns NOT_APPLICABLE when the user is not an MGN agent user", () => {
    expect(run(user({ attachedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] })).compliance).toBe(
      "NOT_APPLICABLE",
    );
  });

  it("returns COMPLIANT when the agent user has no active access key", () => {
    const f = run(user(), inventory({ "mgn-agent": [key({ active: false, createdAt: daysAgo(200) })] }));
    expect(f).toMatchObject({
      compliance: "COMPLIANT",
      annotation: expect.stringMatching(/no active access key/),
    });
  });

  it("returns NON_COMPLIANT naming the key, its creation date and the limit when an active key is older than maxKeyAgeDays", () => {
    const f = run(user(), inventory({ "mgn-agent": [key({ createdAt: daysAgo(45) })] }));
    expect(f.compliance).toBe("NON_COMPLIANT");
    expect(f.annotation).toContain("access key 1 (created 2026-10-06) is older than 30 days");
  });

  it("returns the same annotation on the next day for the same finding (delta reporting can skip it)", () => {
    const keys = inventory({
      "mgn-agent": [
        key({ createdAt: daysAgo(45), lastUsedAt: daysAgo(20) }),
        key({ slot: 2, createdAt: daysAgo(40), lastUsedAt: undefined }),
      ],
    });
    const params = parseParameters(rule.name, rule.parameters, {});
    const facts = {
      iamGroups: groups({ groupName: "mgn", attachedPolicyArns: [INSTALL_POLICY] }),
      iamAccessKeys: keys,
    };
    const today = rule.evaluate(user(), params, { now: NOW, facts });
    const tomorrow = rule.evaluate(user(), params, { now: new Date(NOW.getTime() + 86_400_000), facts });
    expect(today.compliance).toBe("NON_COMPLIANT");
    expect(tomorrow).toEqual(today);
  });

  it("returns NON_COMPLIANT when an active key was last used more than maxUnusedDays ago", () => {
    const f = run(
      user(),
      inventory({ "mgn-agent": [key({ createdAt: daysAgo(20), lastUsedAt: daysAgo(15) })] }),
    );
    expect(f).toMatchObject({
      compliance: "NON_COMPLIANT",
      annotation: expect.stringContaining("unused since 2026-11-05 (more than 14 days)"),
    });
  });

  it("returns NON_COMPLIANT when a never-used active key was created more than maxUnusedDays ago", () => {
    const f = run(
      user(),
      inventory({ "mgn-agent": [key({ createdAt: daysAgo(16), lastUsedAt: undefined })] }),
    );
    expect(f).toMatchObject({
      compliance: "NON_COMPLIANT",
      annotation: expect.stringContaining("never used (more than 14 days)"),
    });
  });

  it("returns COMPLIANT for a never-used key younger than gracePeriodDays even with maxUnusedDays 0", () => {
    const fresh = inventory({
      "mgn-agent": [key({ createdAt: new Date(NOW.getTime() - 3_600_000), lastUsedAt: undefined })],
    });
    expect(run(user(), fresh, { maxUnusedDays: "0" }).compliance).toBe("COMPLIANT");
    const older = inventory({ "mgn-agent": [key({ createdAt: daysAgo(2), lastUsedAt: undefined })] });
    expect(run(user(), older, { maxUnusedDays: "0" }).compliance).toBe("NON_COMPLIANT");
  });

  it("returns NON_COMPLIANT asking to delete the older key when the agent user has two active keys", () => {
    const f = run(
      user(),
      inventory({
        "mgn-agent": [key({ slot: 1, createdAt: daysAgo(3) }), key({ slot: 2, createdAt: daysAgo(1) })],
      }),
    );
    expect(f).toMatchObject({
      compliance: "NON_COMPLIANT",
      annotation: expect.stringContaining("2 active keys; delete access key 1 (created 2026-11-17)"),
    });
  });

  it("returns COMPLIANT for an agent user (via a group) with one young, recently used key", () => {
    const f = run(user({ attachedPolicyArns: [], groupNames: ["mgn"] }));
    expect(f).toMatchObject({ compliance: "COMPLIANT", annotation: expect.stringContaining("access key 1") });
  });

  it("returns COMPLIANT until the next run when the agent user was created after the credential report", () => {
    const f = run(user({ createdAt: daysAgo(0) }), inventory({}, daysAgo(1)));
    expect(f).toMatchObject({
      compliance: "COMPLIANT",
      annotation: expect.stringContaining("created after the IAM credential report"),
    });
  });

  it("returns NON_COMPLIANT asking for a manual check when the agent user is missing from an older report", () => {
    const f = run(user({ createdAt: daysAgo(30) }), inventory({}, daysAgo(0)));
    expect(f).toMatchObject({
      compliance: "NON_COMPLIANT",
      annotation: expect.stringContaining("missing from the IAM credential report"),
    });
  });
});
