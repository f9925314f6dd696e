import { describe, expect, it } from "vitest";
import { InvalidParameterError } from "../../../packages/core/src/errors.js";
import type { DmsResource } from "../../../packages/core/src/model/index.js";
import { rule } from "../../../packages/core/src/rules/migration-no-sensitive-data/index.js";
import { parseParameters } from "../../../packages/core/src/rules/params.js";
import { endpoint } from "../../support/dms-fixtures.js";

/**
 * Bounds on what the rule scans and on the user's patterns. The built-in e-mail and URL-credential
 * patterns backtracked quadratically (seconds on one 60,000-character field, bench/hostile-input.ts);
 * they are linear now, the rule scans the first 4,096 characters of a field, and `allowedPatterns`
 * refuses patterns that backtrack catastrophically and applies the rest to at most 256 characters.
 */

const now = new Date("2026-11-20T09:00:00Z");
const defaults = parseParameters(rule.name, rule.parameters, {});

function withTags(tags: Record<string, string>, params = defaults) {
  const resource: DmsResource = { resourceType: "AWS::DMS::Endpoint", endpoint: endpoint("sales-pg-source") };
  return rule.evaluate(resource, params, {
    now,
    facts: { dmsTags: new Map([[resource.endpoint.arn, tags]]) },
  });
}

function withUrl(serverName: string) {
  const resource: DmsResource = {
    resourceType: "AWS::DMS::Endpoint",
    endpoint: endpoint("catalog-mongodb-source", (raw) => {
      (raw.MongoDbSettings as Record<string, unknown>).ServerName = serverName;
    }),
  };
  return rule.evaluate(resource, defaults, { now, facts: { dmsTags: new Map() } });
}

describe("migration-no-sensitive-data bounds", () => {
  it("reports the length, and nothing else, for a 60,000-character tag value built to make the e-mail pattern backtrack", () => {
    const finding = withTags({ Notes: "a.".repeat(30_000) });

    expect(finding.compliance).toBe("NON_COMPLIANT");
    expect(finding.annotation).toMatch(
      /^tag Notes is longer than 4096 characters, checked only that far; remove it/,
    );
  });

  it("finds an e-mail address in the first 4,096 characters of a 60,000-character tag value", () => {
    const finding = withTags({ Notes: `owner jane.doe@example.com ${"a".repeat(60_000)}` });

    expect(finding.annotation).toMatch(
      /^tag Notes contains an e-mail address; tag Notes is longer than 4096 characters/,
    );
  });

  it("does not look past the first 4,096 characters", () => {
    const finding = withTags({ Notes: `${"a ".repeat(2_100)}jane.doe@example.com` });

    expect(finding.annotation).not.toContain("e-mail");
    expect(finding.annotation).toContain("longer than 4096 characters");
  });

  it("finds credentials in a 60,000-character URL built to make the URL pattern backtrack", () => {
    expect(withUrl(`mongodb://dms:pw@mongo-1.example.com/${"a:".repeat(30_000)}`).annotation).toMatch(
      /^MongoDbSettings.ServerName contains credentials; MongoDbSettings.ServerName is longer than 4096/,
    );
    expect(withUrl(`x://a:${"a".repeat(60_000)}`).annotation).not.toContain("contains credentials");
  });

  it.each([
    ["(a+)+", /repeated group holding a quantifier or an alternation/],
    ["(a|aa)*@example\\.com", /repeated group holding a quantifier or an alternation/],
    ["((x*))+", /repeated group/],
    ["(?:[a-z]+\\.)+com", /repeated group/],
    ["(a)\\1", /backreferences are not accepted/],
    ["a*b*c*d*", /more than 3 unbounded quantifiers/],
    ["x".repeat(201), /longer than 200 characters/],
    ["(unclosed", /not a valid regular expression/],
  ])("refuses allowedPatterns %s with a parameter error", (pattern, reason) => {
    let error: unknown;
    try {
      parseParameters(rule.name, rule.parameters, { allowedPatterns: pattern });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect((error as Error).message).toMatch(/^migration-no-sensitive-data: parameter allowedPatterns = "/);
    expect((error as Error).message).toMatch(reason);
    expect((error as Error).message.length).toBeLessThan(400);
  });

  it.each([
    "dms-alerts@example\\.com",
    "[a-z0-9.-]+@corp\\.example\\.com",
    "(?:team|ops)@example\\.com",
    "x{2}y?",
  ])("accepts allowedPatterns %s", (pattern) => {
    expect(parseParameters(rule.name, rule.parameters, { allowedPatterns: pattern }).allowedPatterns).toEqual(
      [pattern],
    );
  });

  it("never applies a user pattern to more than 256 characters: a longer match is reported", () => {
    const params = parseParameters(rule.name, rule.parameters, { allowedPatterns: ".*" });
    const long = `${"a".repeat(64)}@${"b".repeat(60)}.${"c".repeat(60)}.${"d".repeat(60)}.${"e".repeat(60)}.com`;

    expect(withTags({ Owner: "jane@example.com" }, params).compliance).toBe("COMPLIANT");
    expect(long.length).toBeGreaterThan(256);
    expect(withTags({ Owner: long }, params).annotation).toMatch(/^tag Owner contains an e-mail address/);
  });
});
