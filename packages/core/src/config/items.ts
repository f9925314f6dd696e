import { MalformedInputError } from "../errors.js";
import type { Tags } from "../model/index.js";
import { isRecord, jsonField, optDate, optRecord, optStr, record, str } from "../util/read.js";

/**
 * Configuration items, normalized. AWS Config delivers them in two spellings: inside a
 * ConfigurationItemChangeNotification (`ARN`, `awsAccountId`, `configuration` as an object) and
 * from GetResourceConfigHistory (`arn`, `accountId`, `configuration` as a JSON string).
 */
interface ConfigurationItem {
  resourceType: string;
  resourceId: string;
  resourceName: string | undefined;
  arn: string | undefined;
  accountId: string | undefined;
  awsRegion: string | undefined;
  status: string;
  captureTime: Date;
  /** The CloudFormation-style configuration; null for deleted and not-recorded resources. */
  configuration: Record<string, unknown> | null;
  tags: Tags;
}

const DELETED_STATUSES = new Set(["ResourceDeleted", "ResourceDeletedNotRecorded"]);

/**
 * Statuses whose item carries no configuration (Config API model, ConfigurationItem
 * `configurationItemStatus`): "ResourceNotRecorded – The resource was discovered but its
 * configuration was not recorded since the recorder doesn't record resources of this type",
 * "ResourceDeleted – The resource was deleted", "ResourceDeletedNotRecorded – The resource was
 * deleted but its configuration was not recorded since the recorder doesn't record resources of
 * this type".
 */
const WITHOUT_CONFIGURATION: Readonly<Record<string, string>> = {
  ResourceDeleted: "resource was deleted",
  ResourceDeletedNotRecorded:
    "resource was deleted (AWS Config does not record this resource type: configurationItemStatus ResourceDeletedNotRecorded)",
  ResourceNotRecorded:
    "AWS Config does not record this resource type's configuration (configurationItemStatus ResourceNotRecorded), so it cannot be evaluated on change; record the type in the configuration recorder",
};

function tagsFromMap(value: unknown, path: string): Tags {
  const tags: Tags = {};
  for (const [k, v] of Object.entries(optRecord(value, path) ?? {})) {
    tags[k] = typeof v === "string" ? v : String(v ?? "");
  }
  return tags;
}

/** PutEvaluations limits: ComplianceResourceType 1–256 characters, ComplianceResourceId 1–768. */
const MAX_TYPE = 256;
const MAX_ID = 768;

/** A resource type or id as PutEvaluations will accept it; anything else is one clear error here. */
function identifier(value: unknown, path: string, max: number): string {
  const text = str(value, path);
  if (text.length === 0 || text.length > max) {
    throw new MalformedInputError(`${path}: expected 1 to ${max} characters, got ${text.length}`);
  }
  return text;
}

function parseConfigurationItem(value: unknown, path: string): ConfigurationItem {
  const ci = record(value, path);
  const status = str(ci.configurationItemStatus, `${path}.configurationItemStatus`);
  const captureTime = optDate(ci.configurationItemCaptureTime, `${path}.configurationItemCaptureTime`);
  if (!captureTime) throw new MalformedInputError(`${path}.configurationItemCaptureTime: missing`);
  let configuration: Record<string, unknown> | null = null;
  const rawConfiguration = ci.configuration;
  if (typeof rawConfiguration === "string") {
    const parsed =
      rawConfiguration.trim() === "" ? null : jsonField(rawConfiguration, `${path}.configuration`);
    configuration = parsed === null ? null : record(parsed, `${path}.configuration`);
  } else if (rawConfiguration !== undefined && rawConfiguration !== null) {
    configuration = record(rawConfiguration, `${path}.configuration`);
  }
  if (!configuration && !Object.hasOwn(WITHOUT_CONFIGURATION, status)) {
    throw new MalformedInputError(
      `${path}.configuration: missing for a resource with status ${JSON.stringify(status.slice(0, 80))}`,
    );
  }
  return {
    resourceType: identifier(ci.resourceType, `${path}.resourceType`, MAX_TYPE),
    resourceId: identifier(ci.resourceId, `${path}.resourceId`, MAX_ID),
    resourceName: optStr(ci.resourceName, `${path}.resourceName`),
    arn: optStr(ci.ARN ?? ci.arn, `${path}.ARN`),
    accountId: optStr(ci.awsAccountId ?? ci.accountId, `${path}.awsAccountId`),
    awsRegion: optStr(ci.awsRegion, `${path}.awsRegion`),
    status,
    captureTime,
    configuration,
    tags: isRecord(ci.tags) ? tagsFromMap(ci.tags, `${path}.tags`) : {},
  };
}

function isDeleted(item: Pick<ConfigurationItem, "status">): boolean {
  return DELETED_STATUSES.has(item.status);
}

/**
 * Why an item of this status cannot be evaluated (it carries no configuration), or undefined when
 * it can. Such items become NOT_APPLICABLE with this annotation, never a failed invocation.
 */
function withoutConfiguration(item: Pick<ConfigurationItem, "status">): string | undefined {
  return Object.hasOwn(WITHOUT_CONFIGURATION, item.status) ? WITHOUT_CONFIGURATION[item.status] : undefined;
}

export type { ConfigurationItem };
export { identifier, isDeleted, MAX_ID, MAX_TYPE, parseConfigurationItem, withoutConfiguration };
