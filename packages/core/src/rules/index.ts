import { rule as dmsCertificateValidity } from "./dms-certificate-validity/index.js";
import { rule as dmsEndpointAuthentication } from "./dms-endpoint-authentication/index.js";
import { rule as dmsEndpointEncryptionAtRest } from "./dms-endpoint-encryption-at-rest/index.js";
import { rule as dmsEndpointTls } from "./dms-endpoint-tls/index.js";
import { rule as dmsReplicationInstanceKms } from "./dms-replication-instance-kms/index.js";
import { rule as dmsReplicationInstanceNotPublic } from "./dms-replication-instance-not-public/index.js";
import { rule as dmsReplicationTaskLogging } from "./dms-replication-task-logging/index.js";
import { rule as mgnAgentKeyCleanup } from "./mgn-agent-key-cleanup/index.js";
import { rule as mgnAgentKeyExpiry } from "./mgn-agent-key-expiry/index.js";
import { rule as mgnAgentKeyRotation } from "./mgn-agent-key-rotation/index.js";
import { rule as mgnReplicationSettings } from "./mgn-replication-settings/index.js";
import { rule as migrationNoSensitiveData } from "./migration-no-sensitive-data/index.js";
import type { AnyRule } from "./types.js";

/** The registry: the one list of rules. Stacks, IAM policies, the CLI and the README table derive from it. */
const RULES: readonly AnyRule[] = [
  dmsEndpointTls,
  dmsCertificateValidity,
  dmsEndpointEncryptionAtRest,
  dmsReplicationInstanceKms,
  dmsReplicationInstanceNotPublic,
  dmsEndpointAuthentication,
  dmsReplicationTaskLogging,
  migrationNoSensitiveData,
  mgnAgentKeyRotation,
  mgnAgentKeyCleanup,
  mgnAgentKeyExpiry,
  mgnReplicationSettings,
];

function findRule(name: string): AnyRule | undefined {
  return RULES.find((r) => r.name === name);
}

export { findRule, RULES };
