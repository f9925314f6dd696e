import { parseArgs } from "node:util";
import { collectorActions, functionActions } from "../deploy/permissions.js";
import { describeError, UsageError } from "../errors.js";
import { RULES } from "../rules/index.js";
import { describeAccepted, type ParamSpec } from "../rules/params.js";
import { type AnyRule, ruleResourceTypes } from "../rules/types.js";
import { quoted } from "../util/excerpt.js";

/**
 * `migration-guard rules [--format table|json]`: every rule of the registry with its metadata (name,
 * description, severity, resource types, triggers, parameters with defaults, IAM actions, source).
 */

const RULES_USAGE = `Usage: migration-guard rules [--format table|json]

Lists every rule with its metadata. One rule in full: migration-guard explain RULE.
`;

interface ParameterDoc {
  name: string;
  type: ParamSpec["type"];
  default: unknown;
  accepts: string;
  description: string;
}

/** A rule's metadata as documented data (the JSON of `rules` and the basis of `explain`). */
function ruleDoc(rule: AnyRule) {
  return {
    name: rule.name,
    description: rule.description,
    severity: rule.severity,
    resourceTypes: [...ruleResourceTypes(rule)],
    triggers: {
      configurationChange: rule.triggers.configurationChange,
      periodic: rule.triggers.periodic ?? null,
    },
    parameters: Object.entries(rule.parameters as Record<string, ParamSpec>).map(
      ([name, spec]): ParameterDoc => ({
        name,
        type: spec.type,
        default: spec.default,
        accepts: describeAccepted(spec),
        description: spec.description,
      }),
    ),
    /** What `migration-guard audit` (and the rule's collector) reads. */
    iamActions: collectorActions(rule),
    /** What the deployed rule function is granted: the collector plus the AWS Config protocol. */
    functionIamActions: functionActions(rule),
    remediation: rule.remediation,
    source: { ...rule.source },
    scenarios: [...rule.scenarios],
  };
}

type RuleDoc = ReturnType<typeof ruleDoc>;

function triggerText(doc: RuleDoc): string {
  const parts: string[] = [];
  if (doc.triggers.configurationChange) parts.push("change");
  if (doc.triggers.periodic) parts.push(`periodic ${doc.triggers.periodic}`);
  return parts.join(" + ");
}

function defaultText(value: unknown): string {
  if (Array.isArray(value)) return value.length ? value.join(",") : "(none)";
  return String(value);
}

function rulesTable(docs: readonly RuleDoc[]): string {
  const blocks = docs.map((d) =>
    [
      `${d.name}  [${d.severity}]`,
      `  ${d.description}`,
      `  resource types: ${d.resourceTypes.join(", ")}`,
      `  triggers:       ${triggerText(d)}`,
      `  parameters:     ${d.parameters.map((p) => `${p.name}=${defaultText(p.default)}`).join(", ") || "none"}`,
      `  IAM actions:    ${d.iamActions.join(", ")}`,
      `  source:         ${d.source.document}`,
    ].join("\n"),
  );
  return `${blocks.join("\n\n")}\n\n${docs.length} rules. One rule in full: migration-guard explain RULE\n`;
}

/** Parses `rules` arguments and returns the listing, or "help". Throws UsageError. */
function rulesCommand(argv: readonly string[]): string {
  let values: { format?: string | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      options: { format: { type: "string" }, help: { type: "boolean", short: "h" } },
    }));
  } catch (error) {
    throw new UsageError(describeError(error));
  }
  if (values.help) return RULES_USAGE;
  const format = values.format ?? "table";
  if (format !== "table" && format !== "json")
    throw new UsageError(`--format ${quoted(format)}: expected table or json`);
  const docs = RULES.map(ruleDoc);
  return format === "json" ? `${JSON.stringify({ rules: docs }, null, 2)}\n` : rulesTable(docs);
}

export type { RuleDoc };
export { defaultText, RULES_USAGE, ruleDoc, rulesCommand, triggerText };
