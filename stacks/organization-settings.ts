import { parseAt, type z } from "@migration-guard/core/aws/schemas/parse.js";
import { describeError } from "@migration-guard/core/errors.js";
import { excerpt, quoted } from "@migration-guard/core/util/excerpt.js";
import { LAMBDA_POLICY_LIMIT_BYTES, MAX_INVOKE_ACCOUNTS } from "./org-limits.js";

/** Organization mode stage settings (`organization` in stacks/stages.ts) and their validation. */

class StageConfigError extends Error {
  constructor(stage: string, message: string) {
    super(`stage ${stage}: ${message}`);
    this.name = "StageConfigError";
  }
}

/** `schema` with a check; `message` names the value by a short excerpt only. */
function checked<T>(schema: z.ZodType<T>, ok: (value: T) => boolean, message: (value: T) => string) {
  return schema.superRefine((value, ctx) => {
    if (!ok(value)) ctx.addIssue({ code: "custom", message: message(value) });
  });
}

const shown = (value: unknown) => (typeof value === "string" ? quoted(value) : String(value));
/** Parse with `schema`, or throw StageConfigError `stage <stage>: <where><path>: <reason>`. */
function parseStage<S extends z.ZodType>(
  stage: string,
  schema: S,
  input: unknown,
  where: string,
): z.output<S> {
  try {
    return parseAt(schema, input, "");
  } catch (error) {
    throw new StageConfigError(stage, `${where}${describeError(error)}`);
  }
}

const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;
interface OrganizationSettings {
  /** The organization id (`o-…`): member role trust, bus policy and the function roles are limited to it. */
  organizationId: string;
  /** Where the member StackSet deploys: the root (`r-…`) and/or OUs (`ou-…`); new accounts there get it automatically. */
  targetOrganizationalUnits: readonly string[];
  /**
   * Every account the organization rules evaluate (12-digit ids): AWS Config of each may invoke
   * the rule functions (one Lambda permission per account and function; excluded accounts are
   * left out). The administrator's own account is always allowed. A new account is evaluated
   * once it is added here and the stage is deployed again.
   */
  memberAccounts: readonly string[];
  /** Accounts left out of the organization rules and of the member StackSet. */
  excludedAccounts?: readonly string[];
  /** The role the functions assume in each member. Default `migration-guard-<stage>-member`. */
  memberRoleName?: string;
  /** The member StackSet's name. Default `migration-guard-<stage>-member`. */
  memberStackSetName?: string;
  /**
   * Where this deployment runs: `delegated` (a CloudFormation StackSets delegated administrator,
   * the default) or `management` (the organization's management account).
   */
  administrator?: "delegated" | "management";
  /** Regions the organization aggregator collects from. Default: all regions. */
  aggregatorRegions?: readonly string[];
}

/** Validated organization settings with every default applied. */
interface OrganizationConfig {
  organizationId: string;
  targetOrganizationalUnits: string[];
  /** The evaluated member accounts, excluded accounts left out, each once. */
  memberAccounts: string[];
  excludedAccounts: string[];
  memberRoleName: string;
  memberStackSetName: string;
  administrator: "delegated" | "management";
  aggregatorRegions: string[] | "all";
}

const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
const ORGANIZATIONAL_UNIT = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;
const ACCOUNT_ID = /^\d{12}$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const STACK_SET_NAME = /^[a-zA-Z][-a-zA-Z0-9]{0,127}$/;
const ORGANIZATION_SETTINGS: readonly (keyof OrganizationSettings)[] = [
  "organizationId",
  "targetOrganizationalUnits",
  "memberAccounts",
  "excludedAccounts",
  "memberRoleName",
  "memberStackSetName",
  "administrator",
  "aggregatorRegions",
];

/** Validate organization settings (the merged ones: `default` and the stage may each give some). */
function validateOrganization(stage: string, org: OrganizationSettings | undefined): OrganizationConfig {
  const bad = (message: string): never => {
    throw new StageConfigError(stage, `organization.${message}`);
  };
  if (!org || typeof org !== "object") {
    throw new StageConfigError(
      stage,
      "mode organization needs organization settings (organizationId, targetOrganizationalUnits)",
    );
  }
  for (const key of Object.keys(org)) {
    if (!ORGANIZATION_SETTINGS.includes(key as keyof OrganizationSettings)) {
      bad(`${excerpt(key)}: unknown setting; accepted: ${ORGANIZATION_SETTINGS.join(", ")}`);
    }
  }
  if (typeof org.organizationId !== "string" || !ORGANIZATION_ID.test(org.organizationId)) {
    bad(`organizationId ${shown(org.organizationId)} is not an organization id (o-…)`);
  }
  const targets = org.targetOrganizationalUnits;
  if (!Array.isArray(targets) || targets.length === 0) {
    bad("targetOrganizationalUnits: list the root (r-…) or the OUs (ou-…) the member StackSet deploys to");
  }
  for (const target of targets) {
    if (typeof target !== "string" || !ORGANIZATIONAL_UNIT.test(target)) {
      bad(`targetOrganizationalUnits: ${shown(target)} is not a root (r-…) or OU (ou-…) id`);
    }
  }
  for (const account of org.excludedAccounts ?? []) {
    if (typeof account !== "string" || !ACCOUNT_ID.test(account)) {
      bad(`excludedAccounts: ${shown(account)} is not an AWS account id (12 digits)`);
    }
  }
  const excluded = new Set(org.excludedAccounts ?? []);
  if (!Array.isArray(org.memberAccounts) || org.memberAccounts.length === 0) {
    bad(
      "memberAccounts: list the accounts the organization rules evaluate (12-digit ids): AWS Config of each is allowed to invoke the rule functions",
    );
  }
  for (const account of org.memberAccounts) {
    if (typeof account !== "string" || !ACCOUNT_ID.test(account)) {
      bad(`memberAccounts: ${shown(account)} is not an AWS account id (12 digits)`);
    }
  }
  const memberAccounts = [...new Set(org.memberAccounts)].filter((account) => !excluded.has(account));
  // One statement per account (and one for the administrator) in each function's policy.
  if (memberAccounts.length + 1 > MAX_INVOKE_ACCOUNTS) {
    bad(
      `memberAccounts: ${memberAccounts.length} accounts do not fit in a Lambda function's resource-based policy (${LAMBDA_POLICY_LIMIT_BYTES / 1024} KB quota: at most ${MAX_INVOKE_ACCOUNTS - 1} member accounts beside the administrator)`,
    );
  }
  const memberRoleName = org.memberRoleName ?? `migration-guard-${stage}-member`;
  if (!ROLE_NAME.test(memberRoleName)) {
    bad(`memberRoleName ${shown(memberRoleName)} is not an IAM role name (1-64 letters, digits and +=,.@_-)`);
  }
  const memberStackSetName = org.memberStackSetName ?? `migration-guard-${stage}-member`;
  if (!STACK_SET_NAME.test(memberStackSetName)) {
    bad(
      `memberStackSetName ${shown(memberStackSetName)} is not a StackSet name (a letter, then letters, digits and -)`,
    );
  }
  const administrator = org.administrator ?? "delegated";
  if (administrator !== "delegated" && administrator !== "management") {
    bad(`administrator must be "delegated" or "management"`);
  }
  if (org.aggregatorRegions !== undefined) {
    if (!Array.isArray(org.aggregatorRegions) || org.aggregatorRegions.length === 0) {
      bad("aggregatorRegions: list regions, or leave it out for all regions");
    }
    for (const region of org.aggregatorRegions) {
      if (typeof region !== "string" || !REGION.test(region)) {
        bad(`aggregatorRegions: ${shown(region)} is not an AWS region`);
      }
    }
  }
  return {
    organizationId: org.organizationId,
    targetOrganizationalUnits: [...targets],
    memberAccounts,
    excludedAccounts: [...excluded],
    memberRoleName,
    memberStackSetName,
    administrator,
    aggregatorRegions: org.aggregatorRegions ? [...org.aggregatorRegions] : "all",
  };
}

export type { OrganizationConfig, OrganizationSettings };
export { checked, parseStage, REGION, StageConfigError, shown, validateOrganization };
