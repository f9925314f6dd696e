import { MalformedInputError } from "../errors.js";
import { findRule } from "../rules/index.js";
import type { AnyRule } from "../rules/types.js";
import { isRecord } from "../util/read.js";

/**
 * The rules a deployment runs, and the AWS Config rule name each is deployed under, as the stacks
 * hand them to the trigger and notify functions (environment variable `CONFIG_RULES`: a JSON
 * object from registry rule name to Config rule name). Rules on global resources deploy in one
 * region only, so a region's functions must know which rules exist there.
 */
interface DeployedRule {
  rule: AnyRule;
  configRuleName: string;
}

/** Parse `CONFIG_RULES`; an unknown rule or a malformed value is one clear error. */
function parseDeployedRules(text: string | undefined, variable = "CONFIG_RULES"): DeployedRule[] {
  if (text === undefined || text.trim() === "") {
    throw new MalformedInputError(
      `${variable} is not set: expected a JSON object of rule → Config rule name`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new MalformedInputError(`${variable} is not valid JSON`);
  }
  if (!isRecord(parsed)) throw new MalformedInputError(`${variable}: expected a JSON object`);
  return Object.entries(parsed).map(([name, configRuleName]) => {
    const rule = findRule(name);
    if (!rule)
      throw new MalformedInputError(`${variable}: ${JSON.stringify(name)} is not a migration-guard rule`);
    if (typeof configRuleName !== "string" || configRuleName === "") {
      throw new MalformedInputError(`${variable}.${name}: expected a Config rule name`);
    }
    return { rule, configRuleName };
  });
}

/** The inverse of what `parseDeployedRules` reads, for the stacks. */
function formatDeployedRules(rules: readonly DeployedRule[]): string {
  return JSON.stringify(Object.fromEntries(rules.map((r) => [r.rule.name, r.configRuleName])));
}

export type { DeployedRule };
export { formatDeployedRules, parseDeployedRules };
