import { InvalidEventError, MalformedInputError } from "../errors.js";
import { isRecord, jsonField, optDate, optStr, record, str } from "../util/read.js";
import { type ConfigurationItem, identifier, MAX_ID, MAX_TYPE, parseConfigurationItem } from "./items.js";

/**
 * The event AWS Config sends a CUSTOM_LAMBDA rule, parsed and validated. `invokingEvent` and
 * `ruleParameters` arrive as JSON strings; anything missing or malformed becomes one
 * InvalidEventError that names the field.
 */

interface OversizedSummary {
  resourceType: string;
  resourceId: string;
  status: string;
  captureTime: Date;
}

type InvokingEvent =
  | {
      messageType: "ConfigurationItemChangeNotification";
      configurationItem: ConfigurationItem;
      notificationCreationTime: Date;
    }
  | {
      messageType: "OversizedConfigurationItemChangeNotification";
      summary: OversizedSummary;
      notificationCreationTime: Date;
    }
  | { messageType: "ScheduledNotification"; notificationCreationTime: Date };

interface ConfigRuleEvent {
  invokingEvent: InvokingEvent;
  ruleParameters: Record<string, unknown>;
  resultToken: string;
  eventLeftScope: boolean;
  configRuleName: string | undefined;
  accountId: string | undefined;
  executionRoleArn: string | undefined;
}

const MESSAGE_TYPES = [
  "ConfigurationItemChangeNotification",
  "OversizedConfigurationItemChangeNotification",
  "ScheduledNotification",
] as const;

function requiredDate(value: unknown, path: string): Date {
  const date = optDate(value, path);
  if (!date) throw new MalformedInputError(`${path}: missing`);
  return date;
}

function parseInvokingEvent(value: unknown): InvokingEvent {
  const path = "event.invokingEvent";
  const invoking = record(jsonField(value, path), path);
  const messageType = str(invoking.messageType, `${path}.messageType`);
  const notificationCreationTime = requiredDate(
    invoking.notificationCreationTime,
    `${path}.notificationCreationTime`,
  );
  switch (messageType) {
    case "ConfigurationItemChangeNotification":
      return {
        messageType,
        notificationCreationTime,
        configurationItem: parseConfigurationItem(invoking.configurationItem, `${path}.configurationItem`),
      };
    case "OversizedConfigurationItemChangeNotification": {
      const p = `${path}.configurationItemSummary`;
      const summary = record(invoking.configurationItemSummary, p);
      return {
        messageType,
        notificationCreationTime,
        summary: {
          resourceType: identifier(summary.resourceType, `${p}.resourceType`, MAX_TYPE),
          resourceId: identifier(summary.resourceId, `${p}.resourceId`, MAX_ID),
          status: str(summary.configurationItemStatus, `${p}.configurationItemStatus`),
          captureTime: requiredDate(
            summary.configurationItemCaptureTime,
            `${p}.configurationItemCaptureTime`,
          ),
        },
      };
    }
    case "ScheduledNotification":
      return { messageType, notificationCreationTime };
    default:
      throw new MalformedInputError(
        `${path}.messageType: unsupported ${JSON.stringify(messageType.slice(0, 80))}; expected one of ${MESSAGE_TYPES.join(", ")}`,
      );
  }
}

function parseRuleParameters(value: unknown): Record<string, unknown> {
  if (value === undefined || value === null || (typeof value === "string" && value.trim() === "")) return {};
  const path = "event.ruleParameters";
  const parsed = typeof value === "string" ? jsonField(value, path) : value;
  if (!isRecord(parsed)) throw new MalformedInputError(`${path}: expected a JSON object`);
  return parsed;
}

/** Parse a raw Lambda event from AWS Config. Throws InvalidEventError naming the bad field. */
function parseConfigEvent(raw: unknown): ConfigRuleEvent {
  try {
    const event = record(raw, "event");
    const eventLeftScope = event.eventLeftScope;
    if (eventLeftScope !== undefined && typeof eventLeftScope !== "boolean") {
      throw new MalformedInputError("event.eventLeftScope: expected a boolean");
    }
    return {
      invokingEvent: parseInvokingEvent(event.invokingEvent),
      ruleParameters: parseRuleParameters(event.ruleParameters),
      resultToken: str(event.resultToken, "event.resultToken"),
      eventLeftScope: eventLeftScope === true,
      configRuleName: optStr(event.configRuleName, "event.configRuleName"),
      accountId: optStr(event.accountId, "event.accountId"),
      executionRoleArn: optStr(event.executionRoleArn, "event.executionRoleArn"),
    };
  } catch (error) {
    if (error instanceof MalformedInputError) {
      throw new InvalidEventError(`invalid AWS Config event: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

export type { ConfigRuleEvent, InvokingEvent, OversizedSummary };
export { parseConfigEvent };
