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

/**
 * AWS Config names the rules an organization rule creates in each member account
 * `OrgConfigRule-<organization rule name>-<suffix>` (service-linked rules of
 * config-multiaccountsetup.amazonaws.com).
 */
const ORGANIZATION_RULE_PREFIX = "OrgConfigRule-";

/** The start of the member-account rule names of organization rule `name`. */
function memberRuleNamePrefix(name: string): string {
  return `${ORGANIZATION_RULE_PREFIX}${name}-`;
}

/**
 * The deployed rule a Config rule name belongs to: the name itself (per-account mode) or a member
 * account's rule of an organization rule (`OrgConfigRule-<name>-<suffix>`).
 */
function deployedRuleFor(
  configRuleName: string,
  deployed: readonly DeployedRule[],
): DeployedRule | undefined {
  const exact = deployed.find((d) => d.configRuleName === configRuleName);
  if (exact || !configRuleName.startsWith(ORGANIZATION_RULE_PREFIX)) return exact;
  return deployed.find((d) => {
    const prefix = memberRuleNamePrefix(d.configRuleName);
    return configRuleName.startsWith(prefix) && /^[A-Za-z0-9]+$/.test(configRuleName.slice(prefix.length));
  });
}

export type { DeployedRule };
export { deployedRuleFor, formatDeployedRules, memberRuleNamePrefix, parseDeployedRules };
