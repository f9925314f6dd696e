import { describe, expect, it } from "vitest";
import { resolveStageConfig, StageConfigError } from "../../stacks/config.js";

/** Organization mode stage settings: defaults, merging over `default`, and one clear error per mistake. */

const organization = { organizationId: "o-abcdefghij", targetOrganizationalUnits: ["r-ab12"] };

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
    [{ mode: "org" }, /mode must be "account" or "organization"/],
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
