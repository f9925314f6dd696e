import { findRule, RULES } from "@migration-guard/core";
import { strictObject, z } from "@migration-guard/core/aws/schemas/parse.js";
import {
  DELTA_ENV,
  DELTA_MAX_AGE_DAYS,
  DELTA_OFF,
  type DeltaReporting,
} from "@migration-guard/core/config/periodic.js";
import {
  parseRemediationSettings,
  type RemediationSettings,
} from "@migration-guard/core/remediate/settings.js";
import { parseParameters } from "@migration-guard/core/rules/params.js";
import { type AnyRule, ruleResourceTypes } from "@migration-guard/core/rules/types.js";
import {
  checked,
  type OrganizationConfig,
  type OrganizationSettings,
  parseStage,
  REGION,
  StageConfigError,
  shown,
  validateOrganization,
} from "./organization-settings.js";

/**
 * Stage configuration: everything a deployment can choose, in one typed place, validated by a
 * strict zod schema (unknown settings refused, defaults applied) before any resource is defined,
 * so a mistake is one clear error `stage <stage>: <setting>: <reason>`. Values live in
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
  /** Remediation per rule: `{ "<rule>": { mode: "manual" | "automatic", ...values } }` (account mode; core remediate/settings.ts). Default none. */
  remediation?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

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

type DeploymentModeSetting = "account" | "organization";

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

const region = checked(
  z.string(),
  (v) => REGION.test(v),
  (v) => `${shown(v)} is not an AWS region (e.g. eu-west-1)`,
);
const ruleName = checked(
  z.string(),
  (v) => findRule(v) !== undefined,
  (v) => `${shown(v)} is not a migration-guard rule`,
);

/** Every setting and its rule; `StageSettings` documents them. */
const FIELDS = {
  region,
  globalRegion: checked(
    region,
    (v) => v === IAM_EVENTS_REGION,
    (v) =>
      `${shown(v)} is refused: IAM API calls reach EventBridge only in ${IAM_EVENTS_REGION}, so IAM-driven re-evaluation would never fire there; set ${IAM_EVENTS_REGION}`,
  ),
  alertEmails: z.array(
    checked(
      z.string(),
      (v) => EMAIL.test(v),
      (v) => `${shown(v)} is not an e-mail address`,
    ),
  ),
  recorder: z.boolean(),
  configRuleNamePrefix: checked(
    z.string(),
    (v) => CONFIG_RULE_NAME.test(v) && v.length <= 40,
    () => "may hold up to 40 letters, digits, - and _",
  ),
  ruleParameters: z.record(z.string(), z.record(z.string(), z.unknown())).superRefine((params, ctx) => {
    const unknown = Object.keys(params).find((name) => !findRule(name));
    if (unknown !== undefined)
      ctx.addIssue({ code: "custom", path: [unknown], message: "not a migration-guard rule" });
  }),
  disabledRules: z.array(ruleName),
  logRetentionDays: checked(
    z.number(),
    (v) => RETENTION_DAYS.includes(v),
    (v) => `${v} is not a CloudWatch Logs retention; accepted: ${RETENTION_DAYS.join(", ")}`,
  ),
  mode: checked(
    z.string(),
    (v) => v === "account" || v === "organization",
    () => 'must be "account" or "organization"',
  ),
  // Merged over `default` key by key, then validated as a whole (organization-settings.ts).
  organization: z.record(z.string(), z.unknown()),
  // Merged over `default` rule by rule, then validated (packages/core/src/remediate/settings.ts).
  remediation: z.record(z.string(), z.unknown()),
  // Merged over `default` key by key (packages/core/src/config/periodic.ts).
  deltaReporting: strictObject(
    {
      enabled: z.boolean().optional(),
      maxAgeDays: checked(
        z.number(),
        (v) => Number.isInteger(v) && v >= DELTA_MAX_AGE_DAYS.min && v <= DELTA_MAX_AGE_DAYS.max,
        (v) =>
          `${v} must be a whole number of days from ${DELTA_MAX_AGE_DAYS.min} to ${DELTA_MAX_AGE_DAYS.max} (Security Hub deletes findings not updated for 90 days)`,
      ).optional(),
    },
    "setting",
  ),
};

/** One layer (`default` or a stage): every setting optional, unknown ones refused. */
const LayerSchema = strictObject(
  Object.fromEntries(Object.entries(FIELDS).map(([k, f]) => [k, f.optional()])) as {
    [K in keyof typeof FIELDS]: z.ZodOptional<(typeof FIELDS)[K]>;
  },
  "setting",
);

/** The merged layers, every default applied. */
const ResolvedSchema = z.object({
  region: FIELDS.region.optional(),
  globalRegion: FIELDS.globalRegion.default(IAM_EVENTS_REGION),
  alertEmails: FIELDS.alertEmails.default([]),
  recorder: FIELDS.recorder.default(false),
  configRuleNamePrefix: FIELDS.configRuleNamePrefix.default(""),
  disabledRules: FIELDS.disabledRules.default([]),
  logRetentionDays: FIELDS.logRetentionDays.default(90),
  mode: FIELDS.mode.default("account").transform((v) => v as DeploymentModeSetting),
});

/** A validated stage configuration with every default applied. */
type StageConfig = Omit<z.output<typeof ResolvedSchema>, "region"> & {
  stage: string;
  region: string;
  /** Rule name → parameter → the string AWS Config passes to the function (InputParameters). */
  ruleParameters: Record<string, Record<string, string>>;
  /** Present exactly when `mode` is `organization`. */
  organization?: OrganizationConfig;
  deltaReporting: DeltaReporting;
  /** Enabled remediations by rule (empty: none). */
  remediation: RemediationSettings;
};

/** The string form of a parsed parameter value, which the rule's parser reads back unchanged. */
function parameterString(value: unknown): string {
  return Array.isArray(value) ? value.join(",") : String(value);
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
  const base = parseStage(stage, LayerSchema, stages.default ?? {}, "default: ");
  const own = parseStage(stage, LayerSchema, stages[stage] ?? {}, "");
  const merged = parseStage(stage, ResolvedSchema, { ...base, ...own }, "");
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
  const where = merged.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? "us-east-1";
  const resolvedRegion = parseStage(stage, FIELDS.region, where, "region");
  const organization =
    base.organization || own.organization ? { ...base.organization, ...own.organization } : undefined;
  const remediationSetting = { ...base.remediation, ...own.remediation };
  if (merged.mode === "organization" && Object.keys(remediationSetting).length > 0)
    throw new StageConfigError(
      stage,
      "remediation: AWS Config has no remediation configurations for organization rules; use migration-guard remediate --role-name",
    );
  let remediation: RemediationSettings;
  try {
    remediation = parseRemediationSettings(remediationSetting);
  } catch (error) {
    throw new StageConfigError(stage, (error as Error).message);
  }
  return {
    stage,
    ...merged,
    region: resolvedRegion,
    ruleParameters,
    remediation,
    deltaReporting: { ...DELTA_OFF, ...base.deltaReporting, ...own.deltaReporting },
    ...(merged.mode === "organization"
      ? { organization: validateOrganization(stage, organization as OrganizationSettings | undefined) }
      : {}),
  };
}

/** Rules on global resources (IAM) are evaluated once per account, in the global region. */
function isGlobalRule(rule: AnyRule): boolean {
  return ruleResourceTypes(rule).every((type) => type.startsWith("AWS::IAM::"));
}

/** The rules a stage deploys in `region`. */
function rulesForRegion(config: StageConfig, region: string, rules: readonly AnyRule[] = RULES): AnyRule[] {
  return rules.filter(
    (rule) =>
      !config.disabledRules.includes(rule.name) && (!isGlobalRule(rule) || region === config.globalRegion),
  );
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
