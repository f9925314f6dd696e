import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { KINDS } from "../../packages/core/src/aws/kinds.js";
import { resourceTypesOf } from "../../packages/core/src/model/resource-types.js";
import { RULES } from "../../packages/core/src/rules/index.js";
import { ruleResourceTypes } from "../../packages/core/src/rules/types.js";

/** Registry checks for the DMS rules: resource types match their kinds, and each Given/Then scenario has one test. */

const DMS_RULES = RULES.filter((r) => r.name.startsWith("dms-") || r.name === "migration-no-sensitive-data");

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

  it("have one test per Given/Then scenario of their metadata", () => {
    for (const rule of DMS_RULES) {
      const testFile = new URL(`./${rule.name}/index.test.ts`, import.meta.url);
      expect([rule.name, existsSync(testFile)]).toEqual([rule.name, true]);
      const tests = readFileSync(testFile, "utf8").match(/^\s+it\(/gm) ?? [];
      expect([rule.name, tests.length]).toEqual([rule.name, rule.scenarios.length]);
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

describe("every rule in the registry", () => {
  it("lists its Given/Then scenarios in its metadata, none left in its header comment", () => {
    for (const rule of RULES) {
      expect([rule.name, rule.scenarios.length > 0]).toEqual([rule.name, true]);
      for (const scenario of rule.scenarios) expect(scenario).toMatch(/^Given .+, Then /);
      const source = readFileSync(
        new URL(`../../packages/core/src/rules/${rule.name}/index.ts`, import.meta.url),
        "utf8",
      );
      expect([rule.name, /^\s*\* - Given /m.test(source)]).toEqual([rule.name, false]);
    }
  });

  it("has a test file with at least one test per scenario", () => {
    const files = readdirSync(new URL("./", import.meta.url));
    for (const rule of RULES) {
      const name = files.includes(rule.name) ? `${rule.name}/index.test.ts` : `${rule.name}.test.ts`;
      const tests = readFileSync(new URL(`./${name}`, import.meta.url), "utf8").match(/^\s+it\(/gm) ?? [];
      expect([rule.name, tests.length >= rule.scenarios.length]).toEqual([rule.name, true]);
    }
  });
});
