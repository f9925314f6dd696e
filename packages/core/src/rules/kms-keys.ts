import type { Facts } from "../model/index.js";

/**
 * KMS key checks shared by the DMS encryption rules. From seed 002 (Setting an encryption key
 * for a replication instance): "You can use the default KMS key in your account (aws/dms) or a
 * KMS key that you create" and "If you don't specify a KMS key identifier, then AWS DMS uses
 * your default encryption key." The default key is AWS managed; KMS DescribeKey tells the two
 * apart with `KeyManager` (`AWS` or `CUSTOMER`).
 */

const DEFAULT_DMS_KEY = "aws/dms";

/** A short, readable form of a key reference: `key/<id>` or `alias/<name>` out of an ARN. */
function shortKeyRef(ref: string): string {
  const match = /^arn:[^:]+:kms:[^:]*:[^:]*:(.+)$/.exec(ref);
  return match?.[1] ?? ref;
}

/** KMS KeyState values in words: `PendingDeletion` → `pending deletion`. */
function stateText(state: string): string {
  return state.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}

interface KeyRequirement {
  /** What the key encrypts, e.g. "connection information". */
  purpose: string;
  requireCustomerManaged: boolean;
}

/**
 * What is wrong with the key a resource references, or undefined when it is acceptable.
 * `ref` undefined: the default `aws/dms` key.
 */
function keyProblem(
  ref: string | undefined,
  keys: Facts["kmsKeys"],
  { purpose, requireCustomerManaged }: KeyRequirement,
): string | undefined {
  if (ref === undefined) {
    return requireCustomerManaged
      ? `${purpose} uses the default ${DEFAULT_DMS_KEY} key (AWS managed), not a customer managed key`
      : undefined;
  }
  const key = keys.get(ref);
  const shown = shortKeyRef(ref);
  if (key === undefined || key === null) {
    return `${purpose} key ${shown} was not found in KMS (deleted or in another account)`;
  }
  if (!key.enabled || key.keyState !== "Enabled") {
    return `${purpose} key ${shown} is ${key.keyState === "Enabled" ? "disabled" : stateText(key.keyState)}`;
  }
  if (requireCustomerManaged && key.keyManager !== "CUSTOMER") {
    return `${purpose} key ${shown} is ${key.keyManager === "AWS" ? "AWS managed" : `managed by ${key.keyManager}`}, not customer managed`;
  }
  return undefined;
}

export { DEFAULT_DMS_KEY, keyProblem, shortKeyRef };
