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

  it("returns NON_COMPLIANT naming the key and its age when an active key is older than maxKeyAgeDays", () => {
    const f = run(user(), inventory({ "mgn-agent": [key({ createdAt: daysAgo(45) })] }));
    expect(f.compliance).toBe("NON_COMPLIANT");
    expect(f.annotation).toContain("access key 1 (created 2026-10-06) is 45 days old (max 30)");
  });

  it("returns NON_COMPLIANT when an active key was last used more than maxUnusedDays ago", () => {
    const f = run(
      user(),
      inventory({ "mgn-agent": [key({ createdAt: daysAgo(20), lastUsedAt: daysAgo(15) })] }),
    );
    expect(f).toMatchObject({
      compliance: "NON_COMPLIANT",
      annotation: expect.stringContaining("unused for 15 days (max 14)"),
    });
  });

  it("returns NON_COMPLIANT when a never-used active key was created more than maxUnusedDays ago", () => {
    const f = run(
      user(),
      inventory({ "mgn-agent": [key({ createdAt: daysAgo(16), lastUsedAt: undefined })] }),
    );
    expect(f).toMatchObject({
      compliance: "NON_COMPLIANT",
      annotation: expect.stringContaining("never used in 16 days"),
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
