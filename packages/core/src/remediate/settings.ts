import { findRule } from "../rules/index.js";
import { isRecord } from "../util/read.js";
import { remediationOf } from "./plan.js";
import { DEFAULT_GRACE_DAYS, type RemediationValues } from "./types.js";
import { KMS_KEY_ARN } from "./values.js";

/**
 * The stage setting `remediation: { "<rule>": { mode: "manual" | "automatic", ...values } }`
 * (default none), validated for the deployed remediation: the stack derives the AWS Config
 * remediation configurations from it, and the remediation function reads it back from its
 * environment (REMEDIATION_SETTINGS), so both see the same values.
 *
 * Values per rule: mgn-agent-key-expiry `expires` (YYYY-MM-DD), `graceDays` (0-365, default 7);
 * mgn-replication-settings `ebsKmsKeyArn`, `privateRouting` (at least one). Automatic mode (only
 * for rules that offer it) also takes `maximumAutomaticAttempts` (1-25, default 5) and
 * `retryAttemptSeconds` (1-2678000, default 60), the AWS Config model's bounds
 * (AutoRemediationAttempts, AutoRemediationAttemptSeconds).
 */

interface RuleRemediationSetting {
  mode: "manual" | "automatic";
  values: RemediationValues;
  maximumAutomaticAttempts: number;
  retryAttemptSeconds: number;
}

type RemediationSettings = Record<string, RuleRemediationSetting>;

const VALUE_KEYS: Record<string, readonly string[]> = {
  "mgn-agent-key-expiry": ["expires", "graceDays"],
  "mgn-replication-settings": ["ebsKmsKeyArn", "privateRouting"],
};
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function integer(value: unknown, min: number, max: number, where: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max)
    throw new Error(`${where}: expected a whole number from ${min} to ${max}`);
  return value;
}

function parseRule(name: string, raw: unknown): RuleRemediationSetting {
  const where = `remediation.${name}`;
  const remediation = remediationOf(name);
  if (!findRule(name)) throw new Error(`${where}: not a migration-guard rule`);
  if (!remediation) throw new Error(`${where}: the rule has no remediation`);
  if (!remediation.deployable)
    throw new Error(
      `${where}: the remediation is manual steps only (no call); see migration-guard remediate`,
    );
  if (!isRecord(raw)) throw new Error(`${where}: expected an object with mode`);
  const { mode, maximumAutomaticAttempts, retryAttemptSeconds, ...values } = raw;
  if (mode !== "manual" && mode !== "automatic")
    throw new Error(`${where}.mode: must be "manual" or "automatic"`);
  if (mode === "automatic" && !remediation.automatic)
    throw new Error(`${where}.mode: automatic remediation is not offered for ${name}; use "manual"`);
  if (mode === "manual" && (maximumAutomaticAttempts !== undefined || retryAttemptSeconds !== undefined))
    throw new Error(
      `${where}: maximumAutomaticAttempts and retryAttemptSeconds apply to automatic mode only`,
    );
  const allowed = VALUE_KEYS[name] ?? [];
  const unknown = Object.keys(values).find((k) => !allowed.includes(k));
  if (unknown !== undefined)
    throw new Error(
      `${where}.${unknown}: not a setting of this remediation${allowed.length ? ` (${allowed.join(", ")})` : ""}`,
    );
  const out: RemediationValues = { graceDays: DEFAULT_GRACE_DAYS, privateRouting: false };
  if (values.expires !== undefined) {
    if (
      typeof values.expires !== "string" ||
      !DAY.test(values.expires) ||
      Number.isNaN(Date.parse(values.expires)) ||
      new Date(values.expires).toISOString().slice(0, 10) !== values.expires
    )
      throw new Error(`${where}.expires: expected a date YYYY-MM-DD`);
    out.expires = new Date(values.expires);
  }
  if (values.graceDays !== undefined) out.graceDays = integer(values.graceDays, 0, 365, `${where}.graceDays`);
  if (values.ebsKmsKeyArn !== undefined) {
    if (typeof values.ebsKmsKeyArn !== "string" || !KMS_KEY_ARN.test(values.ebsKmsKeyArn))
      throw new Error(`${where}.ebsKmsKeyArn: expected a KMS key ARN`);
    out.ebsKmsKeyArn = values.ebsKmsKeyArn;
  }
  if (values.privateRouting !== undefined) {
    if (typeof values.privateRouting !== "boolean")
      throw new Error(`${where}.privateRouting: expected true or false`);
    out.privateRouting = values.privateRouting;
  }
  if (name === "mgn-replication-settings" && !out.ebsKmsKeyArn && !out.privateRouting)
    throw new Error(
      `${where}: give ebsKmsKeyArn and/or privateRouting: true; nothing is changed without a value`,
    );
  return {
    mode,
    values: out,
    maximumAutomaticAttempts:
      maximumAutomaticAttempts === undefined
        ? 5
        : integer(maximumAutomaticAttempts, 1, 25, `${where}.maximumAutomaticAttempts`),
    retryAttemptSeconds:
      retryAttemptSeconds === undefined
        ? 60
        : integer(retryAttemptSeconds, 1, 2_678_000, `${where}.retryAttemptSeconds`),
  };
}

/** Validate the stage setting; throws an Error whose message names the setting. */
function parseRemediationSettings(raw: unknown): RemediationSettings {
  if (raw === undefined) return {};
  if (!isRecord(raw)) throw new Error("remediation: expected an object of rule name → settings");
  return Object.fromEntries(Object.entries(raw).map(([name, value]) => [name, parseRule(name, value)]));
}

/** The settings as the remediation function's environment carries them (JSON; dates as YYYY-MM-DD). */
function formatRemediationSettings(settings: RemediationSettings): string {
  return JSON.stringify(
    Object.fromEntries(
      Object.entries(settings).map(([name, s]) => [
        name,
        {
          mode: s.mode,
          ...(s.values.expires ? { expires: s.values.expires.toISOString().slice(0, 10) } : {}),
          ...(name === "mgn-agent-key-expiry" ? { graceDays: s.values.graceDays } : {}),
          ...(s.values.ebsKmsKeyArn ? { ebsKmsKeyArn: s.values.ebsKmsKeyArn } : {}),
          ...(s.values.privateRouting ? { privateRouting: true } : {}),
        },
      ]),
    ),
  );
}

/** Read REMEDIATION_SETTINGS back (the same validation). */
function parseRemediationEnvironment(text: string | undefined): RemediationSettings {
  if (!text) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error("REMEDIATION_SETTINGS is not JSON");
  }
  return parseRemediationSettings(raw);
}

export type { RemediationSettings, RuleRemediationSetting };
export { formatRemediationSettings, parseRemediationEnvironment, parseRemediationSettings };
