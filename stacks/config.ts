import { findRule, RULES } from "@migration-guard/core";
import {
  DELTA_ENV,
  DELTA_MAX_AGE_DAYS,
  DELTA_OFF,
  type DeltaReporting,
} from "@migration-guard/core/config/periodic.js";
import { parseParameters } from "@migration-guard/core/rules/params.js";
import type { AnyRule } from "@migration-guard/core/rules/types.js";
import {
  type OrganizationConfig,
  type OrganizationSettings,
  REGION,
  StageConfigError,
  validateOrganization,
} from "./organization-settings.js";

/**
 * Stage configuration: everything a deployment can choose, in one typed place, validated before
 * any resource is defined so a mistake is one clear error naming the setting. Values live in
 * stacks/stages.ts (per stage, merged over `default`).
 */

type ParamInput = string | number | boolean | readonly string[];

interface StageSettings {
  /** Region to deploy to when `--region` is not given (default: AWS_REGION, else us-east-1). */
  region?: string;
  /**
   * The one region where rules on global resources (IAM, `AWS::IAM::*`) deploy, with the
   * re-evaluation of IAM API calls. Only us-east-1 is accepted: EventBridge receives IAM's API
   * calls there only (see IAM_EVENTS_REGION). Default us-east-1.
   */
  globalRegion?: string;
  /** E-mail addresses subscribed to the alert topic (each confirms the subscription by e-mail). */
  alertEmails?: readonly string[];
  /** Create an AWS Config recorder and delivery channel (for accounts without one). Default false. */
  recorder?: boolean;
  /** Prefix of the AWS Config rule names (e.g. `dev-` to run several stages in one account). Default "". */
  configRuleNamePrefix?: string;
  /** Rule parameters: rule name → parameter → value (as in the rule table; unset = default). */
  ruleParameters?: Readonly<Record<string, Readonly<Record<string, ParamInput>>>>;
  /** Rules to leave out of this stage (by name). */
  disabledRules?: readonly string[];
  /** Days to keep the functions' logs. Default 90. */
  logRetentionDays?: number;
  /**
   * `account` (default): the rules evaluate the account they are deployed to. `organization`: one
   * deployment in the Config delegated administrator (or management) account evaluates every
   * member account of the organization (settings in `organization`).
   */
  mode?: DeploymentModeSetting;
  /** Organization mode settings (required when `mode` is `organization`). */
  organization?: OrganizationSettings;
  /** Delta reporting on periodic runs (see DeltaReportingSetting). Default off, 7 days. */
  deltaReporting?: DeltaReportingSetting;
}

type DeploymentModeSetting = "account" | "organization";

/** A validated stage configuration with every default applied. */
interface StageConfig {
  stage: string;
  region: string;
  globalRegion: string;
  alertEmails: string[];
  recorder: boolean;
  configRuleNamePrefix: string;
  /** Rule name → parameter → the string AWS Config passes to the function (InputParameters). */
  ruleParameters: Record<string, Record<string, string>>;
  disabledRules: string[];
  logRetentionDays: number;
  mode: DeploymentModeSetting;
  /** Present exactly when `mode` is `organization`. */
  organization?: OrganizationConfig;
  deltaReporting: DeltaReporting;
}

/**
 * The region whose EventBridge receives IAM's API calls. CloudTrail records the calls of IAM, a
 * global service, as occurring in US East (N. Virginia) ("CloudFront, IAM, SignIn, and STS
 * events occur in that region", AWS notice on CloudTrail global service events, 2021:
 * https://github.com/SummitRoute/aws_breaking_changes/issues/51; CloudTrail user guide, "Global
 * service events"), and EventBridge receives "AWS API Call via CloudTrail" events in the region
 * CloudTrail records them (EventBridge user guide, "AWS service events delivered via AWS
 * CloudTrail"). The region for the aws-us-gov and aws-cn partitions is not documented there, so
 * only this one is accepted.
 */
const IAM_EVENTS_REGION = "us-east-1";
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const CONFIG_RULE_NAME = /^[A-Za-z0-9_-]*$/;
/** CloudWatch Logs accepts these retention periods only. */
const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];
const KNOWN_SETTINGS: readonly (keyof StageSettings)[] = [
  "region",
  "globalRegion",
  "alertEmails",
  "recorder",
  "configRuleNamePrefix",
  "ruleParameters",
  "disabledRules",
  "logRetentionDays",
  "mode",
  "organization",
  "deltaReporting",
];

/** The string form of a parsed parameter value, which the rule's parser reads back unchanged. */
function parameterString(value: unknown): string {
  return Array.isArray(value) ? value.join(",") : String(value);
}

function validateSettings(stage: string, settings: StageSettings, where: string): void {
  const bad = (message: string): never => {
    throw new StageConfigError(stage, `${where}${message}`);
  };
  for (const key of Object.keys(settings)) {
    if (!KNOWN_SETTINGS.includes(key as keyof StageSettings)) {
      bad(`unknown setting ${JSON.stringify(key)}; accepted: ${KNOWN_SETTINGS.join(", ")}`);
    }
  }
  for (const key of ["region", "globalRegion"] as const) {
    const value = settings[key];
    if (value !== undefined && (typeof value !== "string" || !REGION.test(value))) {
      bad(`${key} ${JSON.stringify(value)} is not an AWS region (e.g. eu-west-1)`);
    }
  }
  if (settings.globalRegion !== undefined && settings.globalRegion !== IAM_EVENTS_REGION) {
    bad(
      `globalRegion ${JSON.stringify(settings.globalRegion)}: IAM API calls reach EventBridge only in ${IAM_EVENTS_REGION}, so IAM-driven re-evaluation would never fire there; set ${IAM_EVENTS_REGION}`,
    );
  }
  if (settings.alertEmails !== undefined) {
    if (!Array.isArray(settings.alertEmails)) bad("alertEmails must be a list of e-mail addresses");
    for (const email of settings.alertEmails) {
      if (typeof email !== "string" || !EMAIL.test(email)) {
        bad(`alertEmails: ${JSON.stringify(email)} is not an e-mail address`);
      }
    }
  }
  if (settings.recorder !== undefined && typeof settings.recorder !== "boolean")
    bad("recorder must be true or false");
  const prefix = settings.configRuleNamePrefix;
  if (
    prefix !== undefined &&
    (typeof prefix !== "string" || !CONFIG_RULE_NAME.test(prefix) || prefix.length > 40)
  ) {
    bad("configRuleNamePrefix may hold up to 40 letters, digits, - and _");
  }
  for (const name of settings.disabledRules ?? []) {
    if (!findRule(name)) bad(`disabledRules: ${JSON.stringify(name)} is not a migration-guard rule`);
  }
  const days = settings.logRetentionDays;
  if (days !== undefined && !RETENTION_DAYS.includes(days)) {
    bad(
      `logRetentionDays ${days} is not a CloudWatch Logs retention; accepted: ${RETENTION_DAYS.join(", ")}`,
    );
  }
  for (const name of Object.keys(settings.ruleParameters ?? {})) {
    if (!findRule(name)) bad(`ruleParameters: ${JSON.stringify(name)} is not a migration-guard rule`);
  }
  if (settings.mode !== undefined && settings.mode !== "account" && settings.mode !== "organization") {
    bad(`mode must be "account" or "organization"`);
  }
  validateDeltaReporting(settings.deltaReporting, bad);
}

/**
 * Merge a stage's settings over `default` and validate them (rule parameters through the rule's
 * own parser, so a stage accepts exactly what the Config rule accepts).
 */
function resolveStageConfig(
  stage: string,
  stages: Readonly<Record<string, StageSettings>>,
  env: Readonly<Record<string, string | undefined>> = process.env,
): StageConfig {
  const base = stages.default ?? {};
  const own = stages[stage] ?? {};
  validateSettings(stage, base, "default: ");
  validateSettings(stage, own, "");
  const merged: StageSettings = { ...base, ...own };
  const ruleParameters: Record<string, Record<string, string>> = {};
  for (const rule of RULES) {
    const raw = { ...(base.ruleParameters?.[rule.name] ?? {}), ...(own.ruleParameters?.[rule.name] ?? {}) };
    let values: Record<string, unknown>;
    try {
      values = parseParameters(rule.name, rule.parameters, raw);
    } catch (error) {
      throw new StageConfigError(stage, `ruleParameters.${(error as Error).message}`);
    }
    ruleParameters[rule.name] = Object.fromEntries(
      Object.entries(values).map(([name, value]) => [name, parameterString(value)]),
    );
  }
  const region = merged.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? "us-east-1";
  if (!REGION.test(region))
    throw new StageConfigError(stage, `region ${JSON.stringify(region)} is not an AWS region`);
  return {
    stage,
    region,
    globalRegion: merged.globalRegion ?? "us-east-1",
    alertEmails: [...(merged.alertEmails ?? [])],
    recorder: merged.recorder ?? false,
    configRuleNamePrefix: merged.configRuleNamePrefix ?? "",
    ruleParameters,
    disabledRules: [...(merged.disabledRules ?? [])],
    logRetentionDays: merged.logRetentionDays ?? 90,
    mode: merged.mode ?? "account",
    deltaReporting: { ...DELTA_OFF, ...base.deltaReporting, ...own.deltaReporting },
    ...(merged.mode === "organization"
      ? {
          organization: validateOrganization(
            stage,
            base.organization || own.organization
              ? ({ ...base.organization, ...own.organization } as OrganizationSettings)
              : undefined,
          ),
        }
      : {}),
  };
}

/** Rules on global resources (IAM) are evaluated once per account, in the global region. */
function isGlobalRule(rule: AnyRule): boolean {
  return rule.resourceType.startsWith("AWS::IAM::");
}

/** The rules a stage deploys in `region`. */
function rulesForRegion(config: StageConfig, region: string, rules: readonly AnyRule[] = RULES): AnyRule[] {
  return rules.filter(
    (rule) =>
      !config.disabledRules.includes(rule.name) && (!isGlobalRule(rule) || region === config.globalRegion),
  );
}

// ---- Delta reporting (periodic runs skip unchanged recent results; packages/core/src/config/periodic.ts)

/**
 * `enabled` (default false): a periodic run does not report a verdict whose compliance and
 * annotation are unchanged since a result AWS Config recorded less than `maxAgeDays` days ago
 * (default 7, from 1 to 30: see DELTA_MAX_AGE_DAYS). Fewer billed evaluations; the resource's
 * "last evaluated" time in AWS Config then lags by up to `maxAgeDays`.
 */
interface DeltaReportingSetting {
  enabled?: boolean;
  maxAgeDays?: number;
}

function validateDeltaReporting(
  value: DeltaReportingSetting | undefined,
  bad: (message: string) => never,
): void {
  if (value === undefined) return;
  if (typeof value !== "object" || value === null || Array.isArray(value))
    bad("deltaReporting must be { enabled, maxAgeDays }");
  for (const key of Object.keys(value)) {
    if (key !== "enabled" && key !== "maxAgeDays")
      bad(`deltaReporting: unknown setting ${JSON.stringify(key)}; accepted: enabled, maxAgeDays`);
  }
  if (value.enabled !== undefined && typeof value.enabled !== "boolean")
    bad("deltaReporting.enabled must be true or false");
  const days = value.maxAgeDays;
  const { min, max } = DELTA_MAX_AGE_DAYS;
  if (days !== undefined && (!Number.isInteger(days) || days < min || days > max)) {
    bad(
      `deltaReporting.maxAgeDays ${JSON.stringify(days)} must be a whole number of days from ${min} to ${max} (Security Hub deletes findings not updated for 90 days)`,
    );
  }
}

/** The rule functions' environment for the stage's delta reporting (nothing when it is off). */
function deltaReportingEnvironment(config: Pick<StageConfig, "deltaReporting">): Record<string, string> {
  const { enabled, maxAgeDays } = config.deltaReporting;
  return enabled ? { [DELTA_ENV]: String(maxAgeDays) } : {};
}

export type {
  DeltaReportingSetting,
  DeploymentModeSetting,
  OrganizationConfig,
  OrganizationSettings,
  ParamInput,
  StageConfig,
  StageSettings,
};
export {
  deltaReportingEnvironment,
  IAM_EVENTS_REGION,
  isGlobalRule,
  resolveStageConfig,
  rulesForRegion,
  StageConfigError,
};
