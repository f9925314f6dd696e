import { rule as dmsEndpointTls } from "./dms-endpoint-tls/index.js";
import { rule as mgnAgentKeyCleanup } from "./mgn-agent-key-cleanup/index.js";
import { rule as mgnAgentKeyExpiry } from "./mgn-agent-key-expiry/index.js";
import { rule as mgnAgentKeyRotation } from "./mgn-agent-key-rotation/index.js";
import { rule as mgnReplicationSettings } from "./mgn-replication-settings/index.js";
import type { AnyRule } from "./types.js";

/** The registry: the one list of rules. Stacks, IAM policies, the CLI and the README table derive from it. */
const RULES: readonly AnyRule[] = [
  dmsEndpointTls,
  mgnAgentKeyRotation,
  mgnAgentKeyCleanup,
  mgnAgentKeyExpiry,
  mgnReplicationSettings,
];

function findRule(name: string): AnyRule | undefined {
  return RULES.find((r) => r.name === name);
}

export { findRule, RULES };
