import { createHash } from "node:crypto";
import type { ReportResult } from "./results.js";

/** The product name and version the OCSF and ASFF findings carry. */
const PRODUCT = { name: "migration-guard", vendor: "migration-guard", version: "0.1.0" } as const;

/**
 * A finding identifier stable across runs for the same account, region, rule and resource (so a
 * re-import updates the finding instead of adding one): the rule, then a SHA-256 of the identity.
 * Resource ids are ARNs of up to 2,048 characters; the hash keeps the id short (ASFF Id: at most 512).
 */
function findingId(result: ReportResult): string {
  const e = result.evaluation;
  const identity = [result.accountId, result.region, e.rule, e.resourceType, e.resourceId].join("\n");
  const digest = createHash("sha256").update(identity).digest("hex");
  return `migration-guard/${result.region}/${e.rule}/${digest}`;
}

/** Text cut to `max` characters, ending in `…` when cut. */
function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

export { cut, findingId, PRODUCT };
