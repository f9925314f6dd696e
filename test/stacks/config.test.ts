import { RULES } from "@migration-guard/core";
import type { AnyRule } from "@migration-guard/core/rules/types.js";
import { describe, expect, it } from "vitest";
import { isGlobalRule, resolveStageConfig, rulesForRegion, StageConfigError } from "../../stacks/config.js";
import { STAGES } from "../../stacks/stages.js";

describe("resolveStageConfig", () => {
  it("returns the defaults when the stage sets nothing", () => {
    const config = resolveStageConfig("dev", {}, {});
    expect(config).toMatchObject({
      stage: "dev",
      region: "us-east-1",
      globalRegion: "us-east-1",
      alertEmails: [],
      recorder: false,
      configRuleNamePrefix: "",
      disabledRules: [],
      logRetentionDays: 90,
    });
    expect(Object.keys(config.ruleParameters).sort()).toEqual(RULES.map((r) => r.name).sort());
  });

  it("returns every rule parameter as the string AWS Config passes on, defaults included", () => {
    const config = resolveStageConfig(
      "dev",
      { dev: { ruleParameters: { "dms-endpoint-tls": { minimumLevel: "Encrypted" } } } },
      {},
    );
    expect(config.ruleParameters["dms-endpoint-tls"]).toEqual({ minimumLevel: "encrypted" });
  });

  it("merges the stage over default, setting by setting, and takes the region from AWS_REGION", () => {
    const config = resolveStageConfig(
      "prod",
      { default: { alertEmails: ["a@example.com"], recorder: true }, prod: { recorder: false } },
      { AWS_REGION: "eu-west-1" },
    );
    expect(config).toMatchObject({ alertEmails: ["a@example.com"], recorder: false, region: "eu-west-1" });
  });

  it("accepts globalRegion us-east-1, where EventBridge receives IAM's API calls", () => {
    expect(resolveStageConfig("prod", { prod: { globalRegion: "us-east-1" } }, {}).globalRegion).toBe(
      "us-east-1",
    );
  });

  it("accepts the shipped stacks/stages.ts", () => {
    expect(() => resolveStageConfig("prod", STAGES, {})).not.toThrow();
  });

  it.each([
    [{ alertEmails: ["not-an-address"] }, /alertEmails\[0\]: "not-an-address" is not an e-mail address/],
    [{ region: "Europe" }, /region: "Europe" is not an AWS region/],
    [{ globalRegion: "us-east" }, /globalRegion: "us-east" is not an AWS region/],
    // EventBridge receives IAM's API calls in us-east-1 only (CloudTrail records IAM, a global
    // service, there: CloudTrail user guide "Global service events"; stacks/config.ts IAM_EVENTS_REGION).
    [
      { globalRegion: "eu-west-1" },
      /^stage prod: globalRegion: "eu-west-1" is refused: IAM API calls reach EventBridge only in us-east-1, so IAM-driven re-evaluation would never fire there; set us-east-1$/,
    ],
    [
      { globalRegion: "us-gov-west-1" },
      /globalRegion: "us-gov-west-1" is refused: IAM API calls reach EventBridge only in us-east-1/,
    ],
    [{ recorder: "yes" }, /recorder: expected a boolean, got string/],
    [{ logRetentionDays: 10 }, /logRetentionDays: 10 is not a CloudWatch Logs retention/],
    [{ configRuleNamePrefix: "dev prefix " }, /configRuleNamePrefix/],
    [{ disabledRules: ["no-such-rule"] }, /disabledRules\[0\]: "no-such-rule" is not a migration-guard rule/],
    [{ ruleParameters: { "no-such-rule": {} } }, /ruleParameters.no-such-rule: not a migration-guard rule/],
    [
      { ruleParameters: { "dms-endpoint-tls": { minimumLevel: "best" } } },
      /dms-endpoint-tls: parameter minimumLevel = "best" is invalid/,
    ],
    [
      { ruleParameters: { "dms-endpoint-tls": { minimumLevl: "verified" } } },
      /unknown parameter "minimumLevl"/,
    ],
    [{ alertEmail: ["a@example.com"] }, /alertEmail: unknown setting; accepted: region, globalRegion, /],
  ])("rejects %j with an error naming the setting", (settings, message) => {
    const run = () => resolveStageConfig("prod", { prod: settings as never }, {});
    expect(run).toThrow(StageConfigError);
    expect(run).toThrow(message);
    expect(run).toThrow(/^stage prod: /);
  });
});

describe("rulesForRegion", () => {
  const iamRule = { ...RULES[0], name: "iam-user-example", resourceKind: "iamUser" } as AnyRule;
  const regionalRule = RULES[0] as AnyRule;
  const config = resolveStageConfig("dev", {}, {});

  it("returns global-resource (AWS::IAM::*) rules in the global region only", () => {
    expect(isGlobalRule(iamRule)).toBe(true);
    expect(isGlobalRule(regionalRule)).toBe(false);
    expect(rulesForRegion(config, "us-east-1", [iamRule, regionalRule])).toEqual([iamRule, regionalRule]);
    expect(rulesForRegion(config, "eu-west-1", [iamRule, regionalRule])).toEqual([regionalRule]);
    const elsewhere = { ...config, globalRegion: "eu-west-1" };
    expect(rulesForRegion(elsewhere, "eu-west-1", [iamRule, regionalRule])).toEqual([iamRule, regionalRule]);
  });

  it("leaves out the stage's disabled rules", () => {
    const disabled = { ...config, disabledRules: [regionalRule.name] };
    expect(rulesForRegion(disabled, "eu-west-1", [iamRule, regionalRule])).toEqual([]);
  });
});

describe("resolveStageConfig: echoes", () => {
  it("names a 100 KB unknown setting or rule parameter by a short excerpt without control characters", () => {
    const key = `\u001b[2K${"k".repeat(100 * 1024)}`;
    const organization = {
      organizationId: "o-abcdefghij",
      targetOrganizationalUnits: ["r-ab12"],
      memberAccounts: ["111111111111"],
    };
    for (const settings of [
      { [key]: true },
      { ruleParameters: { "dms-endpoint-tls": { [key]: "x" } } },
      { mode: "organization", organization: { ...organization, [key]: 1 } },
      { mode: "organization", organization: { ...organization, memberAccounts: [key] } },
    ]) {
      const message = (() => {
        try {
          resolveStageConfig("prod", { prod: settings as never }, {});
        } catch (e) {
          return (e as Error).message;
        }
        return "";
      })();
      expect(message).toMatch(/\[2Kk+…/);
      expect(message.length).toBeLessThan(400);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting there are none.
      expect(message).not.toMatch(/[\u0000-\u001f]/);
    }
  });

  it("refuses an unknown setting in default too, naming where", () => {
    expect(() => resolveStageConfig("prod", { default: { recordr: true } as never }, {})).toThrow(
      /^stage prod: default: recordr: unknown setting; accepted: /,
    );
  });
});
