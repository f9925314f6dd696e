import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { KINDS } from "../../packages/core/src/aws/kinds.js";
import { resourceTypesOf } from "../../packages/core/src/model/resource-types.js";
import { RULES } from "../../packages/core/src/rules/index.js";
import { ruleResourceTypes } from "../../packages/core/src/rules/types.js";

/** Registry checks for the DMS rules: resource types match their kinds, and each Given/Then scenario has one test. */

const DMS_RULES = RULES.filter((r) => r.name.startsWith("dms-") || r.name === "migration-no-sensitive-data");

function scenarios(ruleName: string): string[] {
  const source = readFileSync(
    new URL(`../../packages/core/src/rules/${ruleName}/index.ts`, import.meta.url),
    "utf8",
  );
  const header = source.slice(
    source.indexOf("Scenarios:"),
    source.indexOf("*/", source.indexOf("Scenarios:")),
  );
  return header.split("\n").filter((line) => /^\s*\* - Given /.test(line));
}

describe("DMS rules in the registry", () => {
  it("declare the AWS Config resource types their resource kind reports", () => {
    for (const rule of DMS_RULES) {
      const kind = KINDS[rule.resourceKind];
      expect([rule.name, ruleResourceTypes(rule)]).toEqual([rule.name, resourceTypesOf(rule.resourceKind)]);
      for (const type of ruleResourceTypes(rule))
        expect([rule.name, type]).toEqual([rule.name, expect.stringMatching(/^AWS::DMS::/)]);
      // A kind spanning several types says each collected resource's own type.
      if (ruleResourceTypes(rule).length > 1)
        expect([rule.name, typeof kind.resourceTypeOf]).toEqual([rule.name, "function"]);
    }
  });

  it("have one test per Given/Then scenario of their header", () => {
    for (const rule of DMS_RULES) {
      const testFile = new URL(`./${rule.name}/index.test.ts`, import.meta.url);
      expect([rule.name, existsSync(testFile)]).toEqual([rule.name, true]);
      const tests = readFileSync(testFile, "utf8").match(/^\s+it\(/gm) ?? [];
      expect([rule.name, tests.length]).toEqual([rule.name, scenarios(rule.name).length]);
    }
  });

  it("are change-triggered only when their kind maps configuration items", () => {
    for (const rule of DMS_RULES) {
      const kind = KINDS[rule.resourceKind];
      if (rule.triggers.configurationChange)
        expect([rule.name, typeof kind.fromConfigurationItem]).toEqual([rule.name, "function"]);
    }
  });
});
