import { describe, expect, it } from "vitest";
import type { MgnSourceServer } from "../../../packages/core/src/model/index.js";
import { rule } from "../../../packages/core/src/rules/mgn-agent-key-cleanup/index.js";
import { parseParameters } from "../../../packages/core/src/rules/params.js";
import { daysAgo, groups, inventory, key, NOW, server, user } from "../mgn-builders.js";

function run(servers: MgnSourceServer[], u = user(), keys = inventory({ "mgn-agent": [key()] })) {
  return rule.evaluate(u, parseParameters(rule.name, rule.parameters, {}), {
    now: NOW,
    facts: { iamGroups: groups(), iamAccessKeys: keys, mgnSourceServers: servers },
  });
}

const finished = [
  server("s-1", "CUTOVER"),
  server("s-2", "DISCONNECTED"),
  server("s-3", "READY_FOR_TEST", true),
];

describe("mgn-agent-key-cleanup", () => {
  it("returns NOT_APPLICABLE when the user is not an MGN agent user", () => {
    expect(run(finished, user({ attachedPolicyArns: [] })).compliance).toBe("NOT_APPLICABLE");
  });

  it("returns COMPLIANT when the agent user has no active key", () => {
    expect(run(finished, user(), inventory({ "mgn-agent": [key({ active: false })] })).compliance).toBe(
      "COMPLIANT",
    );
  });

  it("returns COMPLIANT saying how many servers are not finished while a source server still replicates", () => {
    const f = run([...finished, server("s-4", "READY_FOR_CUTOVER")]);
    expect(f).toMatchObject({
      compliance: "COMPLIANT",
      annotation: expect.stringContaining("1 of 4 MGN source servers not finished"),
    });
  });

  it("returns NON_COMPLIANT naming the key and the counts when every source server is cut over, disconnected or archived", () => {
    const f = run(finished);
    expect(f.compliance).toBe("NON_COMPLIANT");
    expect(f.annotation).toBe(
      "all 3 MGN source servers are finished (1 cut over, 1 disconnected, 1 archived); delete access key 1 (created 2026-11-15)",
    );
  });

  it("returns NON_COMPLIANT when there are no source servers and the key is older than gracePeriodDays", () => {
    const f = run([], user(), inventory({ "mgn-agent": [key({ createdAt: daysAgo(3) })] }));
    expect(f).toMatchObject({
      compliance: "NON_COMPLIANT",
      annotation: expect.stringMatching(/^no MGN source servers in this region; delete access key 1/),
    });
  });

  it("returns COMPLIANT when there are no source servers and the key is younger than gracePeriodDays", () => {
    const f = run(
      [],
      user(),
      inventory({ "mgn-agent": [key({ createdAt: new Date(NOW.getTime() - 7_200_000) })] }),
    );
    expect(f).toMatchObject({ compliance: "COMPLIANT", annotation: expect.stringContaining("grace period") });
  });

  it("returns COMPLIANT until the next run when the agent user was created after the credential report", () => {
    expect(run(finished, user({ createdAt: daysAgo(0) }), inventory({}, daysAgo(1))).compliance).toBe(
      "COMPLIANT",
    );
  });
});
