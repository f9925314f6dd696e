import { EventBridgeSchema, SqsRecordSchema, SqsSchema } from "@aws-lambda-powertools/parser/schemas";
import type { ConfigServiceClient } from "@aws-sdk/client-config-service";
import { parseAt, z } from "../aws/schemas/parse.js";
import { loadSdk } from "../aws/sdk.js";
import type { Log } from "../config/handler.js";
import type { DeployedRule } from "../deploy/deployed-rules.js";
import { describeError } from "../errors.js";
import { type ApiCall, rulesChangedBy } from "./changes.js";

/**
 * Event-driven re-evaluation. EventBridge puts the CloudTrail API calls that change what the
 * rules look at on an SQS queue; each batch becomes StartConfigRulesEvaluation calls for the
 * distinct rules those calls affect (at most 25 names per call, the API's limit).
 *
 * AWS Config refuses a re-evaluation while one is in progress or more than once a minute
 * (LimitExceededException). Nothing is dropped: the messages behind a failed call are reported
 * as batch item failures, so SQS delivers them again after the visibility timeout and, after
 * the queue's maxReceiveCount, moves them to the dead-letter queue. A message that is not a
 * CloudTrail API call event is a failure too (it reaches the DLQ, where it can be inspected).
 */

/** StartConfigRulesEvaluation accepts at most 25 rule names per call. */
const MAX_RULES_PER_CALL = 25;

interface SqsRecord {
  messageId: string;
  body: string;
}

interface TriggerDeps {
  config: Pick<ConfigServiceClient, "send">;
  /** The rules deployed in this region and their Config rule names. */
  rules: readonly DeployedRule[];
  log?: Log;
}

interface TriggerResult {
  batchItemFailures: { itemIdentifier: string }[];
}

/**
 * A readable message: the API call (undefined for a call that failed), and where it happened, as
 * the event says (`account` of the EventBridge envelope, `detail.recipientAccountId` of CloudTrail),
 * unchecked: organization mode validates them (trigger/organization.ts).
 */
type Parsed =
  | { call: ApiCall | undefined; account: unknown; recipientAccountId: unknown }
  | { error: string };

const CLOUDTRAIL_DETAIL_TYPE = "AWS API Call via CloudTrail";

/**
 * The CloudTrail fields read here (CloudTrail record contents: eventSource, eventName, errorCode,
 * recipientAccountId). A call that failed carries errorCode and changed nothing.
 */
const CloudTrailDetailSchema = z.object({
  eventSource: z.string(),
  eventName: z.string(),
  errorCode: z.unknown().optional(),
  recipientAccountId: z.unknown().optional(),
});

/**
 * An "AWS API Call via CloudTrail" event: the Powertools EventBridge envelope with a CloudTrail
 * detail. `account` may be absent here: account mode never reads it (moto's EventBridge leaves it
 * out of the events it delivers), and organization mode refuses a message without a 12-digit one
 * (trigger/organization.ts).
 */
const CloudTrailApiCallEventSchema = EventBridgeSchema.extend({
  account: z.string().optional(),
  "detail-type": z.literal(CLOUDTRAIL_DETAIL_TYPE),
  detail: CloudTrailDetailSchema,
});

/** Checked first, so that another kind of event is named as such. */
const DetailTypeSchema = z.object({ "detail-type": z.literal(CLOUDTRAIL_DETAIL_TYPE) });

/** Read the API call out of one SQS message body (an EventBridge event); undefined = a failed call. */
function parseMessage(body: string): Parsed {
  let event: unknown;
  try {
    event = JSON.parse(body);
  } catch {
    return { error: "message body is not JSON" };
  }
  try {
    parseAt(DetailTypeSchema, event, "body");
    const { account, detail } = parseAt(CloudTrailApiCallEventSchema, event, "body");
    const origin = { account, recipientAccountId: detail.recipientAccountId };
    if (detail.errorCode !== undefined && detail.errorCode !== null) return { call: undefined, ...origin };
    return { call: { eventSource: detail.eventSource, eventName: detail.eventName }, ...origin };
  } catch (error) {
    // `<path>: <short reason>`, naming no input text (aws/schemas/parse.ts).
    return { error: `not a CloudTrail API call event: ${describeError(error)}` };
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The records of an SQS batch (the Powertools SQS schemas; only the fields read here are required),
 * or a MalformedInputError when the event is not one (the whole batch is retried).
 */
const SqsBatchSchema = SqsSchema.extend({
  Records: z.array(SqsRecordSchema.pick({ messageId: true, body: true })),
});

function sqsRecords(event: unknown): SqsRecord[] {
  return parseAt(SqsBatchSchema, event, "event").Records;
}

type Readable = Exclude<Parsed, { error: string }>;

/**
 * The readable messages of an SQS batch, with their message ids. An unreadable one is logged and
 * added to `failed` (SQS delivers it again, then moves it to the dead-letter queue).
 */
function readableMessages(
  event: unknown,
  failed: Set<string>,
  log: Log | undefined,
): { messageId: string; parsed: Readable }[] {
  const out: { messageId: string; parsed: Readable }[] = [];
  for (const { messageId, body } of sqsRecords(event)) {
    const parsed = parseMessage(body);
    if ("error" in parsed) {
      log?.error("Unreadable re-evaluation message", { messageId, reason: parsed.error });
      failed.add(messageId);
    } else out.push({ messageId, parsed });
  }
  return out;
}

/**
 * StartConfigRulesEvaluation for every rule of `wanted` (Config rule name → the message ids that
 * asked for it), at most 25 names per call. The messages behind a refused or failed call are added
 * to `failed`, so SQS delivers them again; `context` is logged with each call (e.g. the account).
 */
async function startEvaluations(
  config: Pick<ConfigServiceClient, "send">,
  wanted: ReadonlyMap<string, readonly string[]>,
  failed: Set<string>,
  log: Log | undefined,
  context: Record<string, unknown> = {},
): Promise<void> {
  const names = [...wanted.keys()].sort();
  for (const batch of chunks(names, MAX_RULES_PER_CALL)) {
    try {
      const { StartConfigRulesEvaluationCommand } = await loadSdk("config");
      await config.send(new StartConfigRulesEvaluationCommand({ ConfigRuleNames: batch }));
      log?.info("Started re-evaluation", { ...context, configRules: batch });
    } catch (error) {
      const name = (error as { name?: string })?.name ?? "Error";
      const retried = batch.flatMap((rule) => wanted.get(rule) ?? []);
      for (const id of retried) failed.add(id);
      const extra = { ...context, configRules: batch, error: name, messages: retried.length };
      if (name === "LimitExceededException" || name === "ResourceInUseException") {
        log?.info("Re-evaluation refused for now; the messages will be retried", extra);
      } else {
        log?.error(`StartConfigRulesEvaluation failed: ${describeError(error)}`, extra);
      }
    }
  }
}

function addWanted(wanted: Map<string, string[]>, name: string, messageId: string): void {
  wanted.set(name, [...(wanted.get(name) ?? []), messageId]);
}

async function handleTriggerBatch(event: unknown, deps: TriggerDeps): Promise<TriggerResult> {
  const failed = new Set<string>();
  /** Config rule name → the message ids that asked for it. */
  const wanted = new Map<string, string[]>();
  const registryRules = deps.rules.map((r) => r.rule);

  for (const { messageId, parsed } of readableMessages(event, failed, deps.log)) {
    if (!parsed.call) continue;
    const changed = new Set(rulesChangedBy(parsed.call, registryRules).map((r) => r.name));
    for (const deployed of deps.rules) {
      if (!changed.has(deployed.rule.name)) continue;
      addWanted(wanted, deployed.configRuleName, messageId);
    }
  }

  await startEvaluations(deps.config, wanted, failed, deps.log);
  return { batchItemFailures: [...failed].map((itemIdentifier) => ({ itemIdentifier })) };
}

export type { SqsRecord, TriggerDeps, TriggerResult };
export {
  addWanted,
  handleTriggerBatch,
  MAX_RULES_PER_CALL,
  parseMessage,
  readableMessages,
  sqsRecords,
  startEvaluations,
};
