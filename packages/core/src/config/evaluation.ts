import type { Compliance } from "../rules/types.js";

/** One result: what AWS Config records (type, id, compliance, annotation, time) plus the human name. */
interface Evaluation {
  rule: string;
  resourceType: string;
  resourceId: string;
  resourceName: string | undefined;
  compliance: Compliance;
  annotation: string;
  orderingTimestamp: Date;
  details?: unknown;
}

export type { Evaluation };
