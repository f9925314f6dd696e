import { rule as dmsEndpointTls } from "./dms-endpoint-tls/index.js";
import type { AnyRule } from "./types.js";

/** The registry: the one list of rules. Stacks, IAM policies, the CLI and the README table derive from it. */
const RULES: readonly AnyRule[] = [dmsEndpointTls];

function findRule(name: string): AnyRule | undefined {
  return RULES.find((r) => r.name === name);
}

export { findRule, RULES };
