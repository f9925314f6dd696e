import { optString, optTimestamp, parseAt, typeName, z } from "../aws/schemas/parse.js";
import { describeError } from "../errors.js";
import type { ConfigurationItem } from "../model/configuration-item.js";
import { setOwn } from "../util/own.js";
import { isRecord, jsonField } from "../util/read.js";

/**
 * Configuration items as a zod schema, normalized. AWS Config delivers them in two spellings:
 * inside a ConfigurationItemChangeNotification (`ARN`, `awsAccountId`, `configuration` as an
 * object) and from GetResourceConfigHistory (`arn`, `accountId`, `configuration` as a JSON
 * string: "A JSON-encoded string that contains the contents for the resource configuration",
 * Config API model, ConfigurationItem.configuration). Errors name the field, never its text.
 */

/** ConfigurationItemStatus enum of the Config API model (test/fixtures/aws-models/config.json). */
const CONFIGURATION_ITEM_STATUSES = [
  "OK",
  "ResourceDiscovered",
  "ResourceNotRecorded",
  "ResourceDeleted",
  "ResourceDeletedNotRecorded",
] as const;
type ConfigurationItemStatus = (typeof CONFIGURATION_ITEM_STATUSES)[number];

const DELETED_STATUSES: ReadonlySet<string> = new Set(["ResourceDeleted", "ResourceDeletedNotRecorded"]);

/**
 * Statuses whose item carries no configuration (Config API model, ConfigurationItem
 * `configurationItemStatus`): "ResourceNotRecorded – The resource was discovered but its
 * configuration was not recorded since the recorder doesn't record resources of this type",
 * "ResourceDeleted – The resource was deleted", "ResourceDeletedNotRecorded – The resource was
 * deleted but its configuration was not recorded since the recorder doesn't record resources of
 * this type".
 */
const WITHOUT_CONFIGURATION: Readonly<Partial<Record<ConfigurationItemStatus, string>>> = {
  ResourceDeleted: "resource was deleted",
  ResourceDeletedNotRecorded:
    "resource was deleted (AWS Config does not record this resource type: configurationItemStatus ResourceDeletedNotRecorded)",
  ResourceNotRecorded:
    "AWS Config does not record this resource type's configuration (configurationItemStatus ResourceNotRecorded), so it cannot be evaluated on change; record the type in the configuration recorder",
};

/** PutEvaluations limits: ComplianceResourceType 1–256 characters, ComplianceResourceId 1–768. */
const MAX_TYPE = 256;
const MAX_ID = 768;

/** A resource type or id as PutEvaluations will accept it. */
function identifierSchema(max: number) {
  return z.string().superRefine((text, ctx) => {
    if (text.length === 0 || text.length > max) {
      ctx.addIssue({ code: "custom", message: `expected 1 to ${max} characters, got ${text.length}` });
    }
  });
}

/** A timestamp that must be present (ISO-8601 string, epoch seconds or Date). */
const requiredTimestamp = optTimestamp.transform((date, ctx): Date => {
  if (date) return date;
  ctx.addIssue({ code: "custom", message: "missing" });
  return z.NEVER;
});

const statusSchema = z.enum(CONFIGURATION_ITEM_STATUSES);

/** `configuration`: an object, a JSON string of one (history), or absent (null). */
const configurationSchema = z
  .unknown()
  .optional()
  .transform((raw, ctx): Record<string, unknown> | null => {
    let value: unknown = raw;
    if (typeof raw === "string") {
      if (raw.trim() === "") return null;
      try {
        value = jsonField(raw, "configuration");
      } catch (error) {
        // jsonField's message names the position only, never the text.
        ctx.addIssue({ code: "custom", message: describeError(error).replace(/^configuration: /, "") });
        return z.NEVER;
      }
    }
    if (value === undefined || value === null) return null;
    if (isRecord(value)) return value;
    ctx.addIssue({ code: "custom", message: `expected an object, got ${typeName(value)}` });
    return z.NEVER;
  });

/** `tags` as a map; values that are not strings are kept as their string form. */
const tagsSchema = z
  .unknown()
  .optional()
  .transform((raw): Record<string, string> => {
    const tags: Record<string, string> = {};
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return tags;
    for (const [k, v] of Object.entries(raw)) setOwn(tags, k, typeof v === "string" ? v : String(v ?? ""));
    return tags;
  });

const ConfigurationItemSchema = z
  .object({
    configurationItemStatus: statusSchema,
    configurationItemCaptureTime: requiredTimestamp,
    configuration: configurationSchema,
    resourceType: identifierSchema(MAX_TYPE),
    resourceId: identifierSchema(MAX_ID),
    resourceName: optString,
    ARN: optString,
    arn: optString,
    awsAccountId: optString,
    accountId: optString,
    awsRegion: optString,
    tags: tagsSchema,
  })
  .superRefine((ci, ctx) => {
    if (!ci.configuration && !Object.hasOwn(WITHOUT_CONFIGURATION, ci.configurationItemStatus)) {
      ctx.addIssue({
        code: "custom",
        path: ["configuration"],
        message: `missing for a resource with status ${ci.configurationItemStatus}`,
      });
    }
  })
  .transform((ci) => ({
    resourceType: ci.resourceType,
    resourceId: ci.resourceId,
    resourceName: ci.resourceName,
    arn: ci.ARN ?? ci.arn,
    accountId: ci.awsAccountId ?? ci.accountId,
    awsRegion: ci.awsRegion,
    status: ci.configurationItemStatus as string,
    captureTime: ci.configurationItemCaptureTime,
    /** The CloudFormation-style configuration; null for deleted and not-recorded resources. */
    configuration: ci.configuration,
    tags: ci.tags,
  }));

/**
 * Parse a configuration item; a malformed one is one MalformedInputError naming the field under `path`.
 * (The return type checks that the schema's output is the model's ConfigurationItem.)
 */
function parseConfigurationItem(value: unknown, path: string): ConfigurationItem {
  return parseAt(ConfigurationItemSchema, value, path);
}

/** A resource type or id as PutEvaluations will accept it; anything else is one clear error here. */
function identifier(value: unknown, path: string, max: number): string {
  return parseAt(identifierSchema(max), value, path);
}

function isDeleted(item: Pick<ConfigurationItem, "status">): boolean {
  return DELETED_STATUSES.has(item.status);
}

/**
 * Why an item of this status cannot be evaluated (it carries no configuration), or undefined when
 * it can. Such items become NOT_APPLICABLE with this annotation, never a failed invocation.
 */
function withoutConfiguration(item: Pick<ConfigurationItem, "status">): string | undefined {
  return Object.hasOwn(WITHOUT_CONFIGURATION, item.status)
    ? WITHOUT_CONFIGURATION[item.status as ConfigurationItemStatus]
    : undefined;
}

export type { ConfigurationItem, ConfigurationItemStatus };
export {
  CONFIGURATION_ITEM_STATUSES,
  ConfigurationItemSchema,
  identifier,
  identifierSchema,
  isDeleted,
  MAX_ID,
  MAX_TYPE,
  parseConfigurationItem,
  requiredTimestamp,
  statusSchema,
  withoutConfiguration,
};
