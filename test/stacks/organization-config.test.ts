import { describe, expect, it } from "vitest";
import { resolveStageConfig, StageConfigError } from "../../stacks/config.js";
import {
  invokeStatementBytes,
  LAMBDA_POLICY_LIMIT_BYTES,
  MAX_INVOKE_ACCOUNTS,
} from "../../stacks/org-limits.js";

/** Organization mode stage settings: defaults, merging over `default`, and one clear error per mistake. */

const organization = {
  organizationId: "o-abcdefghij",
  targetOrganizationalUnits: ["r-ab12"],
  memberAccounts: ["111111111111", "222222222222"],
};

describe("resolveStageConfig: organization mode", () => {
  it("returns per-account mode without organization settings by default", () => {
    const config = resolveStageConfig("dev", {}, {});
    expect(config.mode).toBe("account");
    expect(config.organization).toBeUndefined();
  });

  it("returns the organization settings with their defaults", () => {
    const config = resolveStageConfig("prod", { prod: { mode: "organization", organization } }, {});
    expect(config.organization).toEqual({
      organizationId: "o-abcdefghij",
      targetOrganizationalUnits: ["r-ab12"],
      memberAccounts: ["111111111111", "222222222222"],
      excludedAccounts: [],
      memberRoleName: "migration-guard-prod-member",
      memberStackSetName: "migration-guard-prod-member",
      administrator: "delegated",
      aggregatorRegions: "all",
    });
  });

  it("merges the stage's organization settings over default's", () => {
    const config = resolveStageConfig(
      "prod",
      {
        default: { organization: { ...organization, excludedAccounts: ["111111111111"] } },
        prod: {
          mode: "organization",
          organization: { ...organization, administrator: "management", memberRoleName: "mg-reader" },
        },
      },
      {},
    );
    expect(config.organization).toMatchObject({
      excludedAccounts: ["111111111111"],
      administrator: "management",
      memberRoleName: "mg-reader",
    });
  });

  it.each([
    [{ mode: "org" }, /mode: must be "account" or "organization"/],
    [{ mode: "organization" }, /mode organization needs organization settings/],
    [
      { mode: "organization", organization: { ...organization, organizationId: "123456789012" } },
      /organization.organizationId "123456789012" is not an organization id/,
    ],
    [
      { mode: "organization", organization: { ...organization, targetOrganizationalUnits: [] } },
      /organization.targetOrganizationalUnits: list the root/,
    ],
    [
      { mode: "organization", organization: { ...organization, targetOrganizationalUnits: ["Production"] } },
      /targetOrganizationalUnits: "Production" is not a root \(r-…\) or OU \(ou-…\) id/,
    ],
    [
      { mode: "organization", organization: { ...organization, excludedAccounts: ["1234"] } },
      /excludedAccounts: "1234" is not an AWS account id/,
    ],
    [
      { mode: "organization", organization: { ...organization, memberAccounts: undefined } },
      /organization.memberAccounts: list the accounts the organization rules evaluate/,
    ],
    [
      { mode: "organization", organization: { ...organization, memberAccounts: [] } },
      /organization.memberAccounts: list the accounts/,
    ],
    [
      { mode: "organization", organization: { ...organization, memberAccounts: ["o-abcdefghij"] } },
      /memberAccounts: "o-abcdefghij" is not an AWS account id \(12 digits\)/,
    ],
    [
      { mode: "organization", organization: { ...organization, memberRoleName: "arn:aws:iam::1:role/x" } },
      /memberRoleName .* is not an IAM role name/,
    ],
    [
      { mode: "organization", organization: { ...organization, administrator: "root" } },
      /administrator must be "delegated" or "management"/,
    ],
    [
      { mode: "organization", organization: { ...organization, aggregatorRegions: ["Europe"] } },
      /aggregatorRegions: "Europe" is not an AWS region/,
    ],
    [
      { mode: "organization", organization: { ...organization, excluded: ["111111111111"] } },
      /organization.excluded: unknown setting/,
    ],
  ])("rejects %j with an error naming the setting", (settings, message) => {
    const run = () => resolveStageConfig("prod", { prod: settings as never }, {});
    expect(run).toThrow(StageConfigError);
    expect(run).toThrow(message);
  });
});

/** One Lambda permission (policy statement) per evaluated account and function: stacks/org-limits.ts. */
describe("resolveStageConfig: organization.memberAccounts", () => {
  const accounts = (n: number) => Array.from({ length: n }, (_, i) => String(100000000000 + i));

  it("returns the member accounts once each, excluded accounts left out", () => {
    const config = resolveStageConfig(
      "prod",
      {
        prod: {
          mode: "organization",
          organization: {
            ...organization,
            memberAccounts: ["111111111111", "222222222222", "111111111111", "333333333333"],
            excludedAccounts: ["333333333333"],
          },
        },
      },
      {},
    );
    expect(config.organization?.memberAccounts).toEqual(["111111111111", "222222222222"]);
    expect(config.organization?.excludedAccounts).toEqual(["333333333333"]);
  });

  // Lambda quotas: "Function resource-based policy: 20 KB"; a statement is at most 410 bytes
  // (StatementId of 100 characters, the longest partition and region, a 64-character function name).
  it("sizes the largest invoke statement and the accounts a 20 KB function policy holds", () => {
    expect(invokeStatementBytes()).toBe(410);
    expect(LAMBDA_POLICY_LIMIT_BYTES).toBe(20_480);
    expect(MAX_INVOKE_ACCOUNTS).toBe(49);
  });

  it("accepts 48 member accounts beside the administrator and refuses 49, naming the 20 KB quota", () => {
    const stage = (n: number) => ({
      prod: { mode: "organization" as const, organization: { ...organization, memberAccounts: accounts(n) } },
    });
    expect(resolveStageConfig("prod", stage(48), {}).organization?.memberAccounts).toHaveLength(48);
    const run = () => resolveStageConfig("prod", stage(49), {});
    expect(run).toThrow(StageConfigError);
    expect(run).toThrow(
      "stage prod: organization.memberAccounts: 49 accounts do not fit in a Lambda function's resource-based policy (20 KB quota: at most 48 member accounts beside the administrator)",
    );
  });
});
