import { optString, parseAt, z } from "../aws/schemas/parse.js";
import { describeError, InvalidEventError, MalformedInputError } from "../errors.js";
import { quoted } from "../util/excerpt.js";
import { isRecord, jsonField } from "../util/read.js";
import {
  ConfigurationItemSchema,
  identifierSchema,
  MAX_ID,
  MAX_TYPE,
  requiredTimestamp,
  statusSchema,
} from "./items.js";

/**
 * The event AWS Config sends a CUSTOM_LAMBDA rule, as zod schemas. `invokingEvent` and
 * `ruleParameters` arrive as JSON strings, parsed with a guard; anything missing or malformed
 * becomes one InvalidEventError naming the field (`event.invokingEvent.messageType: …`), never
 * quoting the input beyond a short excerpt.
 */

const MESSAGE_TYPES = [
  "ConfigurationItemChangeNotification",
  "OversizedConfigurationItemChangeNotification",
  "ScheduledNotification",
] as const;

/** A JSON string field parsed with a guard (the error names the position only). */
function jsonString<T extends z.ZodType>(inner: T) {
  return z
    .string()
    .transform((text, ctx): unknown => {
      try {
        return jsonField(text, "json");
      } catch (error) {
        ctx.addIssue({ code: "custom", message: describeError(error).replace(/^json: /, "") });
        return z.NEVER;
      }
    })
    .pipe(inner);
}

const OversizedSummarySchema = z
  .object({
    resourceType: identifierSchema(MAX_TYPE),
    resourceId: identifierSchema(MAX_ID),
    configurationItemStatus: statusSchema,
    configurationItemCaptureTime: requiredTimestamp,
  })
  .transform((s) => ({
    resourceType: s.resourceType,
    resourceId: s.resourceId,
    status: s.configurationItemStatus as string,
    captureTime: s.configurationItemCaptureTime,
  }));

type OversizedSummary = z.output<typeof OversizedSummarySchema>;

type MessageType = (typeof MESSAGE_TYPES)[number];

/** The fields every message type has. */
const HeadSchema = z.object({
  messageType: z.string().transform((type, ctx): MessageType => {
    if ((MESSAGE_TYPES as readonly string[]).includes(type)) return type as MessageType;
    ctx.addIssue({
      code: "custom",
      message: `unsupported ${quoted(type)}; expected one of ${MESSAGE_TYPES.join(", ")}`,
    });
    return z.NEVER;
  }),
  notificationCreationTime: requiredTimestamp,
});

/** The message-type-specific part. */
const ChangeSchema = z.object({ configurationItem: ConfigurationItemSchema });
const OversizedSchema = z.object({ configurationItemSummary: OversizedSummarySchema });

type InvokingEvent =
  | {
      messageType: "ConfigurationItemChangeNotification";
      configurationItem: z.output<typeof ConfigurationItemSchema>;
      notificationCreationTime: Date;
    }
  | {
      messageType: "OversizedConfigurationItemChangeNotification";
      summary: OversizedSummary;
      notificationCreationTime: Date;
    }
  | { messageType: "ScheduledNotification"; notificationCreationTime: Date };

/**
 * The parsed invokingEvent JSON: the head, then the part its message type names. Nested parses
 * throw a MalformedInputError that already names the full path (`event.invokingEvent.…`).
 */
function invokingEventOf(raw: unknown): InvokingEvent {
  const path = "event.invokingEvent";
  const { messageType, notificationCreationTime } = parseAt(HeadSchema, raw, path);
  switch (messageType) {
    case "ConfigurationItemChangeNotification":
      return { messageType, notificationCreationTime, ...parseAt(ChangeSchema, raw, path) };
    case "OversizedConfigurationItemChangeNotification": {
      const summary = parseAt(OversizedSchema, raw, path).configurationItemSummary;
      return { messageType, notificationCreationTime, summary };
    }
    case "ScheduledNotification":
      return { messageType, notificationCreationTime };
  }
}

const invokingEventSchema = jsonString(z.unknown().transform(invokingEventOf));

/** `ruleParameters`: absent or blank → {}; else a JSON object (or an object already). */
const ruleParametersSchema = z
  .unknown()
  .optional()
  .transform((value, ctx): Record<string, unknown> => {
    if (value === undefined || value === null || (typeof value === "string" && value.trim() === ""))
      return {};
    let parsed: unknown = value;
    if (typeof value === "string") {
      try {
        parsed = jsonField(value, "json");
      } catch (error) {
        ctx.addIssue({ code: "custom", message: describeError(error).replace(/^json: /, "") });
        return z.NEVER;
      }
    }
    if (isRecord(parsed)) return parsed;
    ctx.addIssue({ code: "custom", message: "expected a JSON object" });
    return z.NEVER;
  });

const ConfigRuleEventSchema = z
  .object({
    invokingEvent: invokingEventSchema,
    ruleParameters: ruleParametersSchema,
    resultToken: z.string(),
    eventLeftScope: z.boolean().optional(),
    configRuleName: optString,
    accountId: optString,
    executionRoleArn: optString,
  })
  .transform((e) => ({
    invokingEvent: e.invokingEvent,
    ruleParameters: e.ruleParameters,
    resultToken: e.resultToken,
    eventLeftScope: e.eventLeftScope === true,
    configRuleName: e.configRuleName,
    accountId: e.accountId,
    executionRoleArn: e.executionRoleArn,
  }));

type ConfigRuleEvent = z.output<typeof ConfigRuleEventSchema>;

/** Parse a raw Lambda event from AWS Config. Throws InvalidEventError naming the bad field. */
function parseConfigEvent(raw: unknown): ConfigRuleEvent {
  try {
    return parseAt(ConfigRuleEventSchema, raw, "event");
  } catch (error) {
    if (error instanceof MalformedInputError) {
      throw new InvalidEventError(`invalid AWS Config event: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

export type { ConfigRuleEvent, InvokingEvent, OversizedSummary };
export { ConfigRuleEventSchema, parseConfigEvent };
