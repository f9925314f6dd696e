import { parseArgs } from "node:util";
import { describeError, UsageError } from "../errors.js";
import { findRule, RULES } from "../rules/index.js";
import { quoted } from "../util/excerpt.js";
import { defaultText, ruleDoc, triggerText } from "./rules.js";

/**
 * `migration-guard explain RULE`: one rule in full — what it checks and why (the source sentence),
 * its Given/Then scenarios, parameters, remediation and IAM actions.
 */

const EXPLAIN_USAGE = `Usage: migration-guard explain RULE

Prints one rule in full. Rules: ${RULES.map((r) => r.name).join(", ")}
`;

function explainCommand(argv: readonly string[]): string {
  let parsed: { values: { help?: boolean | undefined }; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: true,
      options: { help: { type: "boolean", short: "h" } },
    });
  } catch (error) {
    throw new UsageError(describeError(error));
  }
  if (parsed.values.help) return EXPLAIN_USAGE;
  const [name, extra] = parsed.positionals;
  if (name === undefined) throw new UsageError("explain: name the rule to explain");
  if (extra !== undefined) throw new UsageError(`explain: unexpected argument ${quoted(extra)}`);
  const rule = findRule(name);
  if (!rule)
    throw new UsageError(`unknown rule ${quoted(name)}; known rules: ${RULES.map((r) => r.name).join(", ")}`);
  const d = ruleDoc(rule);
  const lines = [
    `${d.name} — ${d.description}`,
    "",
    `Severity:       ${d.severity}`,
    `Resource types: ${d.resourceTypes.join(", ")}`,
    `Triggers:       ${triggerText(d)}`,
    "",
    "Why (the source sentence):",
    `  "${d.source.text}"`,
    `  — ${d.source.document}`,
    "",
    "Scenarios:",
    ...d.scenarios.map((s) => `  - ${s}`),
    "",
    "Parameters:",
    ...(d.parameters.length
      ? d.parameters.flatMap((p) => [
          `  ${p.name} (default ${defaultText(p.default)}; ${p.accepts})`,
          `      ${p.description}`,
        ])
      : ["  none"]),
    "",
    "Remediation:",
    `  ${d.remediation}`,
    "",
    "IAM actions:",
    `  audit (read):      ${d.iamActions.join(", ")}`,
    `  deployed function: ${d.functionIamActions.join(", ")}`,
  ];
  return `${lines.join("\n")}\n`;
}

export { EXPLAIN_USAGE, explainCommand };
