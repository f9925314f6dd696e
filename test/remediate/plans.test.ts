import { describe, expect, it } from "vitest";
import type { AccessKey, IamUser, MgnSourceServer } from "../../packages/core/src/model/index.js";
import { planDeactivateKeys } from "../../packages/core/src/remediate/actions/access-keys.js";
import { boundaryDocument, planExpiryBoundary } from "../../packages/core/src/remediate/actions/boundary.js";
import { planRule } from "../../packages/core/src/remediate/plan.js";
import type { PlanInput, RemediationValues } from "../../packages/core/src/remediate/types.js";
import { analyzeExpiry } from "../../packages/core/src/rules/iam-expiry.js";
import { findRule } from "../../packages/core/src/rules/index.js";
import { parseParameters } from "../../packages/core/src/rules/params.js";
import type { AnyRule } from "../../packages/core/src/rules/types.js";

/** Plans from findings: pure, no AWS. */

const NOW = new Date("2026-12-01T12:00:00Z");
const AGENT = "arn:aws:iam::aws:policy/AWSApplicationMigrationAgentPolicy";
const VALUES: RemediationValues = { graceDays: 7, privateRouting: false };

function rule(name: string): AnyRule {
  const found = findRule(name);
  if (!found) throw new Error(name);
  return found;
}

function user(overrides: Partial<IamUser> = {}): IamUser {
  return {
    arn: "arn:aws:iam::123456789012:user/mgn-agent",
    userName: "mgn-agent",
    userId: "AIDAEXAMPLEAGENT0001",
    createdAt: new Date("2026-09-01T00:00:00Z"),
    groupNames: [],
    attachedPolicyArns: [AGENT],
    permissionsBoundaryArn: undefined,
    tags: {},
    ...overrides,
  } as IamUser;
}

function key(slot: 1 | 2, created: string, active = true, lastUsed?: string): AccessKey {
  return {
    slot,
    accessKeyId: undefined,
    active,
    createdAt: new Date(created),
    lastUsedAt: lastUsed ? new Date(lastUsed) : undefined,
    lastUsedService: undefined,
  } as AccessKey;
}

function input(
  ruleName: string,
  u: IamUser,
  keys: AccessKey[],
  extra: {
    servers?: MgnSourceServer[];
    params?: Record<string, string>;
    values?: Partial<RemediationValues>;
  } = {},
): PlanInput {
  const r = rule(ruleName);
  const facts = {
    iamGroups: new Map(),
    iamManagedPolicies: new Map(),
    iamAccessKeys: { generatedAt: NOW, byUser: new Map([[u.userName, keys]]) },
    mgnSourceServers: extra.servers ?? [],
  };
  const params = parseParameters(r.name, r.parameters, extra.params ?? {});
  return {
    rule: r,
    resource: u,
    resourceType: "AWS::IAM::User",
    resourceId: u.userId,
    resourceName: u.userName,
    finding: r.evaluate(u as never, params as never, { now: NOW, facts: facts as never }),
    facts,
    params,
    now: NOW,
    values: { ...VALUES, ...extra.values },
  };
}

describe("access-key deactivation plans", () => {
  it("cleanup with no source servers deactivates only the keys older than the grace period", () => {
    const i = input("mgn-agent-key-cleanup", user(), [
      key(1, "2026-10-01T08:00:00Z"),
      key(2, "2026-12-01T08:00:00Z"),
    ]);
    expect(i.finding.compliance).toBe("NON_COMPLIANT");
    const actions = planDeactivateKeys(i);
    expect(actions.map((a) => a.action)).toEqual([
      "deactivate access key 1 (created 2026-10-01) of mgn-agent",
    ]);
    expect(actions[0]?.step).toEqual({
      kind: "deactivateAccessKey",
      userName: "mgn-agent",
      slot: 1,
      createdAt: new Date("2026-10-01T08:00:00Z"),
    });
    expect(actions[0]?.calls).toContain("iam:UpdateAccessKey UserName=mgn-agent Status=Inactive");
  });

  it("rotation deactivates the old key and never an inactive one", () => {
    const i = input("mgn-agent-key-rotation", user(), [
      key(1, "2026-06-01T00:00:00Z", false),
      key(2, "2026-08-01T00:00:00Z", true, "2026-11-30T00:00:00Z"),
    ]);
    expect(planDeactivateKeys(i).map((a) => a.step)).toEqual([
      expect.objectContaining({ slot: 2, createdAt: new Date("2026-08-01T00:00:00Z") }),
    ]);
  });

  it("rotation with two young keys in use deactivates the older", () => {
    const i = input("mgn-agent-key-rotation", user(), [
      key(1, "2026-11-25T00:00:00Z", true, "2026-11-30T00:00:00Z"),
      key(2, "2026-11-20T00:00:00Z", true, "2026-11-30T00:00:00Z"),
    ]);
    expect(i.finding.compliance).toBe("NON_COMPLIANT");
    expect(planDeactivateKeys(i).map((a) => a.step)).toEqual([expect.objectContaining({ slot: 2 })]);
  });

  it("plans nothing for a user missing from the credential report", () => {
    const i = input("mgn-agent-key-cleanup", user(), []);
    (i.facts.iamAccessKeys as unknown as { byUser: Map<string, AccessKey[]> }).byUser.clear();
    expect(planDeactivateKeys(i)).toEqual([]);
  });
});

describe("expiry boundary plans", () => {
  it("expires maxKeyLifetimeDays after the earliest active key, rounded down to the day, and the rule accepts it", () => {
    const keys = [key(1, "2026-11-20T15:30:00Z"), key(2, "2026-11-25T00:00:00Z")];
    const i = input("mgn-agent-key-expiry", user(), keys);
    const [action] = planExpiryBoundary(i);
    expect(action?.step).toMatchObject({
      kind: "attachExpiryBoundary",
      expiry: new Date("2026-12-20T00:00:00Z"),
      policyName: "migration-guard-expiry-2026-12-20",
      policyPath: "/migration-guard/",
    });
    // The document the executor creates: the rule finds the user compliant with it.
    const document = boundaryDocument(new Date("2026-12-20T00:00:00Z"));
    expect(analyzeExpiry(document)).toMatchObject({
      kind: "expires",
      expiry: new Date("2026-12-20T00:00:00Z"),
    });
    const withBoundary = user({
      permissionsBoundaryArn: "arn:aws:iam::123456789012:policy/migration-guard/b",
    });
    const r = rule("mgn-agent-key-expiry");
    const facts = {
      ...i.facts,
      iamManagedPolicies: new Map([[withBoundary.permissionsBoundaryArn, { arn: "x", name: "b", document }]]),
    };
    expect(
      r.evaluate(withBoundary as never, i.params as never, { now: NOW, facts: facts as never }).compliance,
    ).toBe("COMPLIANT");
  });

  it("never expires earlier than now plus the grace period (rounded up to the next day)", () => {
    const i = input("mgn-agent-key-expiry", user(), [key(1, "2026-10-01T00:00:00Z")]);
    const [action] = planExpiryBoundary(i);
    expect(action?.step).toMatchObject({ expiry: new Date("2026-12-09T00:00:00Z") });
    expect(action?.action).toContain(
      "2026-10-31 is within the 7-day grace period; expires 2026-12-09 instead",
    );
  });

  it("uses the date given (--expires), still after the grace period", () => {
    const given = input("mgn-agent-key-expiry", user(), [key(1, "2026-11-30T00:00:00Z")], {
      values: { expires: new Date("2026-12-15T00:00:00Z"), graceDays: 3 },
    });
    expect(planExpiryBoundary(given)[0]?.step).toMatchObject({ expiry: new Date("2026-12-15T00:00:00Z") });
    const tooEarly = input("mgn-agent-key-expiry", user(), [key(1, "2026-11-30T00:00:00Z")], {
      values: { expires: new Date("2026-12-02T00:00:00Z"), graceDays: 3 },
    });
    expect(planExpiryBoundary(tooEarly)[0]?.step).toMatchObject({ expiry: new Date("2026-12-05T00:00:00Z") });
  });

  it("plans for a user with an unfit boundary too: the executor reports it as skipped, never replaced", () => {
    const i = input(
      "mgn-agent-key-expiry",
      user({ permissionsBoundaryArn: "arn:aws:iam::123456789012:policy/other" }),
      [key(1, "2026-11-30T00:00:00Z")],
    );
    expect(i.finding.compliance).toBe("NON_COMPLIANT");
    expect(planExpiryBoundary(i).map((a) => a.step.kind)).toEqual(["attachExpiryBoundary"]);
  });
});

describe("planRule", () => {
  it("plans nothing for a rule without a remediation", async () => {
    const source = { list: async () => ({}), get: async () => null } as never;
    expect(
      await planRule(rule("dms-endpoint-tls"), {}, source, {
        now: NOW,
        values: VALUES,
        scope: { accountId: "1" },
      }),
    ).toEqual([]);
  });
});
