import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { KINDS } from "../../packages/core/src/aws/kinds.js";
import { collectorActions, functionActions } from "../../packages/core/src/deploy/permissions.js";
import { replaceRuleTable } from "../../packages/core/src/docs/rule-table.js";
import { RULES } from "../../packages/core/src/rules/index.js";
import { parseParameters } from "../../packages/core/src/rules/params.js";
import { ruleResourceTypes } from "../../packages/core/src/rules/types.js";

// AWS Config resource types migration-guard may evaluate (AWS::::Account for account-level rules).
const CONFIG_RESOURCE_TYPES = new Set([
  "AWS::DMS::Endpoint",
  "AWS::DMS::Certificate",
  "AWS::DMS::ReplicationInstance",
  "AWS::DMS::ReplicationTask",
  "AWS::DMS::ReplicationSubnetGroup",
  "AWS::IAM::User",
  "AWS::::Account",
]);
const FREQUENCIES = new Set(["One_Hour", "Three_Hours", "Six_Hours", "Twelve_Hours", "TwentyFour_Hours"]);
const rulesDir = new URL("../../packages/core/src/rules/", import.meta.url);
const seedsDir = new URL("../../docs/seeds/", import.meta.url);

describe("rule registry", () => {
  it("has unique rule names of the form <service>-<resource>-<requirement>", () => {
    const names = RULES.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+){2,}$/);
  });

  it("has one folder per rule and one registry entry per folder", () => {
    const folders = readdirSync(rulesDir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    expect(folders).toEqual(RULES.map((r) => r.name).sort());
  });

  it("has one test file per rule at test/rules/<rule>/index.test.ts", () => {
    const missing = RULES.map((r) => r.name).filter(
      (name) => !existsSync(new URL(`./${name}/index.test.ts`, import.meta.url)),
    );
    expect(missing).toEqual([]);
  });

  it("has valid resource types, triggers and a resource kind that maps to the same type", () => {
    for (const rule of RULES) {
      for (const type of ruleResourceTypes(rule))
        expect(CONFIG_RESOURCE_TYPES.has(type), rule.name).toBe(true);
      expect(rule.triggers.configurationChange || rule.triggers.periodic !== undefined, rule.name).toBe(true);
      if (rule.triggers.periodic) expect(FREQUENCIES.has(rule.triggers.periodic), rule.name).toBe(true);
      const kind = KINDS[rule.resourceKind];
      expect(kind, rule.name).toBeDefined();
      if (rule.triggers.configurationChange)
        expect(kind.fromConfigurationItem, `${rule.name} maps configuration items`).toBeDefined();
    }
  });

  it("has metadata: description, remediation, severity, a source that exists, described parameters with valid defaults", () => {
    for (const rule of RULES) {
      expect(rule.description.length, rule.name).toBeGreaterThan(20);
      expect(rule.remediation.length, rule.name).toBeGreaterThan(20);
      expect(["low", "medium", "high", "critical"]).toContain(rule.severity);
      const doc = rule.source.document;
      if (!doc.startsWith("https://")) {
        expect(existsSync(new URL(doc, seedsDir)), `${rule.name} cites ${doc}`).toBe(true);
        // Seeds are markdown: compare the words, without escapes, link targets or line breaks.
        const seed = readFileSync(new URL(doc, seedsDir), "utf8")
          .replace(/[\\`*]/g, "")
          .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
          .replace(/\s+/g, " ");
        expect(seed, `${rule.name} quotes its seed`).toContain(
          rule.source.text.replace(/`/g, "").replace(/\s+/g, " "),
        );
      }
      for (const [name, spec] of Object.entries(rule.parameters as Record<string, { description: string }>)) {
        expect(spec.description.length, `${rule.name}.${name}`).toBeGreaterThan(5);
      }
      expect(() => parseParameters(rule.name, rule.parameters, {})).not.toThrow();
    }
  });

  it("derives well-formed, read-only collector actions and adds only the Config protocol actions", () => {
    for (const rule of RULES) {
      const actions = collectorActions(rule);
      expect(actions.length, rule.name).toBeGreaterThan(0);
      for (const action of actions)
        expect(action).toMatch(/^[a-z0-9-]+:(Describe|List|Get|Generate)[A-Za-z]+$/);
      const extra = functionActions(rule).filter((a) => !actions.includes(a));
      expect(
        extra.every((a) => a.startsWith("config:")),
        rule.name,
      ).toBe(true);
      expect(extra).toContain("config:PutEvaluations");
    }
  });

  it("has a test file (or a test folder) per rule", () => {
    for (const rule of RULES) {
      const file = existsSync(new URL(`./${rule.name}.test.ts`, import.meta.url));
      const folder = existsSync(new URL(`./${rule.name}/`, import.meta.url));
      expect(file || folder, rule.name).toBe(true);
    }
  });

  it("matches the rule table in README.md (run `npm run readme` after changing the registry)", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    expect(replaceRuleTable(readme, RULES)).toBe(readme);
  });
});
