import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { functionActions } from "@migration-guard/core";
import type { AnyRule } from "@migration-guard/core/rules/types.js";
import { describe, expect, it, vi } from "vitest";
import { resolveStageConfig } from "../../stacks/config.js";
import { synthesize } from "../../stacks/synth.js";
import { actionsOf, resources, roleOf, roleStatements, ruleFunction } from "../support/stacks.js";

/**
 * Rules of shapes the registry will hold (periodic-only, account-level, IAM users with a global
 * region) deploy with no change to the stacks: the registry is extended here with such rules.
 */

const extra = vi.hoisted(() => ({ rules: [] as AnyRule[] }));

vi.mock("../../packages/core/src/rules/index.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../packages/core/src/rules/index.js")>();
  const base = original.RULES[0] as AnyRule;
  extra.rules = [
    {
      ...base,
      name: "iam-user-example",
      resourceKind: "iamUser",
      triggers: { configurationChange: true, periodic: "TwentyFour_Hours" },
    },
    {
      ...base,
      name: "account-example",
      resourceKind: "mgnAccount",
      facts: [],
      parameters: {},
      triggers: { configurationChange: false, periodic: "Twelve_Hours" },
    },
    {
      ...base,
      name: "dms-certificate-example",
      resourceKind: "dmsCertificate",
      facts: [],
      triggers: { configurationChange: false, periodic: "One_Hour" },
    },
  ] as AnyRule[];
  const RULES = [...original.RULES, ...extra.rules];
  return { ...original, RULES, findRule: (name: string) => RULES.find((r) => r.name === name) };
});

function cfnLintErrors(templates: Record<string, object>): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), "migration-guard-future-"));
  try {
    const files = Object.entries(templates).map(([name, template]) => {
      const file = join(dir, `${name}.json`);
      writeFileSync(file, JSON.stringify(template));
      return file;
    });
    const run = spawnSync("cfn-lint", ["--format", "parseable", "--", ...files], { encoding: "utf8" });
    return ((run.status ?? 2) & 3) !== 0 ? `${run.stdout}${run.stderr}` : undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("rules added later", () => {
  it("deploy in the global region with their triggers, scope, actions and re-evaluation", async () => {
    const config = resolveStageConfig("future", { future: { recorder: true } }, {});
    const { stacks } = await synthesize({ stage: "future", region: "us-east-1", config });
    const rules = stacks.Rules?.template;
    if (!rules) throw new Error("no Rules stack");
    const [iam, account, certificate] = extra.rules;

    rules.hasResourceProperties("AWS::Config::ConfigRule", {
      ConfigRuleName: "iam-user-example",
      Scope: { ComplianceResourceTypes: ["AWS::IAM::User"] },
    });
    // Account-level: no scope (AWS::::Account is not a recordable type); periodic only.
    const accountRule = Object.values(resources(rules, "AWS::Config::ConfigRule")).find(
      (r) => r.Properties?.ConfigRuleName === "account-example",
    );
    expect(accountRule?.Properties?.Scope).toBeUndefined();
    expect(accountRule?.Properties?.Source).toMatchObject({
      SourceDetails: [
        {
          EventSource: "aws.config",
          MessageType: "ScheduledNotification",
          MaximumExecutionFrequency: "Twelve_Hours",
        },
      ],
    });
    expect(accountRule?.Properties?.InputParameters).toBeUndefined();
    rules.hasResourceProperties("AWS::Config::ConfigRule", {
      ConfigRuleName: "dms-certificate-example",
      Source: {
        SourceDetails: [{ MessageType: "ScheduledNotification", MaximumExecutionFrequency: "One_Hour" }],
      },
    });

    for (const rule of [iam, account, certificate] as AnyRule[]) {
      const [, fn] = ruleFunction(rules, rule.name) ?? [];
      const statements = roleStatements(rules, roleOf(fn ?? {}));
      expect(actionsOf(statements.filter((s) => s.Sid?.startsWith("RuleActions"))), rule.name).toEqual(
        functionActions(rule),
      );
    }

    // The trigger knows the new rules.
    const triggerEnv = Object.values(resources(rules, "AWS::Lambda::Function"))
      .map(
        (f) => (f.Properties?.Environment as { Variables?: Record<string, string> } | undefined)?.Variables,
      )
      .find((v) => v?.CONFIG_RULES);
    expect(Object.keys(JSON.parse(triggerEnv?.CONFIG_RULES ?? "{}"))).toEqual(
      expect.arrayContaining(["iam-user-example", "account-example", "dms-certificate-example"]),
    );

    // The recorder records IAM users here (global region), never AWS::::Account.
    const recorder = Object.values(resources(rules, "AWS::Config::ConfigurationRecorder"))[0];
    const types = (recorder?.Properties?.RecordingGroup as { ResourceTypes?: string[] } | undefined)
      ?.ResourceTypes;
    expect(types).toContain("AWS::IAM::User");
    expect(types).not.toContain("AWS::::Account");

    const templates = Object.fromEntries(Object.entries(stacks).map(([id, s]) => [id, s.template.toJSON()]));
    expect(cfnLintErrors(templates)).toBeUndefined();
  }, 300_000);

  it("leave IAM rules out of other regions", async () => {
    const config = resolveStageConfig("futureeu", {}, {});
    const { stacks } = await synthesize({ stage: "futureeu", region: "eu-west-1", config });
    const names = Object.values(resources(stacks.Rules?.template as never, "AWS::Config::ConfigRule")).map(
      (r) => r.Properties?.ConfigRuleName,
    );
    expect(names).toContain("account-example");
    expect(names).not.toContain("iam-user-example");
  }, 300_000);
});
