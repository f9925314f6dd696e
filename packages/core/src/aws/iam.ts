import { MalformedInputError } from "../errors.js";
import type {
  AccessKey,
  AccessKeyInventory,
  IamGroup,
  IamUser,
  ManagedPolicy,
  Tags,
} from "../model/index.js";
import { parseCsv } from "../util/csv.js";
import { isRecord, list, optDate, optList, optRecord, optStr, record, str } from "../util/read.js";

/**
 * IAM: GetAccountAuthorizationDetails (users, groups, customer managed policies), AWS Config's
 * `AWS::IAM::User` configuration items, and the credential report, mapped to the model in one
 * place. Both AWS shapes carry policy documents URL-encoded (RFC 3986); they are decoded here.
 */

/** Read a field by its API name (`UserName`) or its configuration-item name (`userName`). */
function field(obj: Record<string, unknown>, name: string): unknown {
  return obj[name] ?? obj[name.charAt(0).toLowerCase() + name.slice(1)];
}

/** A policy document as AWS returns it: URL-encoded JSON text (or, from a snapshot, JSON itself). */
function decodePolicyDocument(value: unknown, path: string): unknown {
  if (isRecord(value)) return value;
  const text = str(value, path);
  let json = text;
  if (!text.trimStart().startsWith("{")) {
    try {
      json = decodeURIComponent(text.replace(/\+/g, "%20"));
    } catch (error) {
      throw new MalformedInputError(`${path}: not a URL-encoded policy document`, { cause: error });
    }
  }
  try {
    return JSON.parse(json) as unknown;
  } catch (error) {
    throw new MalformedInputError(`${path}: not a JSON policy document (${(error as Error).message})`, {
      cause: error,
    });
  }
}

function tagsFrom(value: unknown, path: string): Tags {
  const tags: Tags = {};
  for (const [i, raw] of optList(value, path).entries()) {
    const tag = record(raw, `${path}[${i}]`);
    tags[str(field(tag, "Key"), `${path}[${i}].Key`)] =
      optStr(field(tag, "Value"), `${path}[${i}].Value`) ?? "";
  }
  return tags;
}

function policyArns(value: unknown, path: string): string[] {
  return optList(value, path).map((raw, i) =>
    str(field(record(raw, `${path}[${i}]`), "PolicyArn"), `${path}[${i}].PolicyArn`),
  );
}

/** Map a GAAD `UserDetail` or an `AWS::IAM::User` configuration. */
function toUser(raw: unknown, path: string): IamUser {
  const u = record(raw, path);
  const boundary = optRecord(field(u, "PermissionsBoundary"), `${path}.PermissionsBoundary`);
  return {
    arn: str(field(u, "Arn"), `${path}.Arn`),
    userName: str(field(u, "UserName"), `${path}.UserName`),
    userId: str(field(u, "UserId"), `${path}.UserId`),
    createdAt: optDate(field(u, "CreateDate"), `${path}.CreateDate`),
    groupNames: optList(field(u, "GroupList"), `${path}.GroupList`).map((g, i) =>
      str(g, `${path}.GroupList[${i}]`),
    ),
    attachedPolicyArns: policyArns(field(u, "AttachedManagedPolicies"), `${path}.AttachedManagedPolicies`),
    permissionsBoundaryArn: boundary
      ? optStr(
          field(boundary, "PermissionsBoundaryArn"),
          `${path}.PermissionsBoundary.PermissionsBoundaryArn`,
        )
      : undefined,
    tags: tagsFrom(field(u, "Tags"), `${path}.Tags`),
  };
}

const GAAD = "iam.GetAccountAuthorizationDetails";

function usersFromApi(output: unknown): IamUser[] {
  const users = list(record(output, GAAD).UserDetailList, `${GAAD}.UserDetailList`);
  return users.map((u, i) => toUser(u, `${GAAD}.UserDetailList[${i}]`));
}

function groupsFromApi(output: unknown): IamGroup[] {
  const groups = optList(record(output, GAAD).GroupDetailList, `${GAAD}.GroupDetailList`);
  return groups.map((raw, i) => {
    const path = `${GAAD}.GroupDetailList[${i}]`;
    const g = record(raw, path);
    return {
      groupName: str(g.GroupName, `${path}.GroupName`),
      attachedPolicyArns: policyArns(g.AttachedManagedPolicies, `${path}.AttachedManagedPolicies`),
    };
  });
}

/** Managed policies with their default version's document (IsDefaultVersion, else DefaultVersionId). */
function policiesFromApi(output: unknown): ManagedPolicy[] {
  const policies = optList(record(output, GAAD).Policies, `${GAAD}.Policies`);
  return policies.map((raw, i) => {
    const path = `${GAAD}.Policies[${i}]`;
    const p = record(raw, path);
    const defaultId = optStr(p.DefaultVersionId, `${path}.DefaultVersionId`);
    const versions = optList(p.PolicyVersionList, `${path}.PolicyVersionList`).map((v, k) => ({
      v: record(v, `${path}.PolicyVersionList[${k}]`),
      k,
    }));
    const chosen =
      versions.find(({ v }) => v.IsDefaultVersion === true) ??
      versions.find(({ v }) => defaultId !== undefined && v.VersionId === defaultId);
    const arn = str(p.Arn, `${path}.Arn`);
    return {
      arn,
      name: optStr(p.PolicyName, `${path}.PolicyName`) ?? arn.slice(arn.lastIndexOf("/") + 1),
      document: chosen
        ? decodePolicyDocument(chosen.v.Document, `${path}.PolicyVersionList[${chosen.k}].Document`)
        : undefined,
    };
  });
}

/** Map an `AWS::IAM::User` configuration item's configuration (camelCase, GAAD-like). */
function userFromConfiguration(configuration: Record<string, unknown>, fallbackId: string): IamUser {
  const c = { ...configuration };
  c.userId ??= fallbackId;
  return toUser(c, "configuration");
}

const REPORT = "iam.GetCredentialReport";

function reportDate(value: string | undefined, path: string): Date | undefined {
  if (value === undefined || value === "" || value === "N/A" || value === "no_information") return undefined;
  return optDate(value, path);
}

/**
 * Access keys from the credential report (columns access_key_N_active, _last_rotated,
 * _last_used_date, _last_used_service). `last_rotated` is the key's creation time.
 */
function accessKeysFromReport(output: unknown): AccessKeyInventory {
  const report = record(output, REPORT);
  const content = str(report.Content, `${REPORT}.Content`);
  const rows = parseCsv(content, `${REPORT}.Content`);
  const byUser = new Map<string, AccessKey[]>();
  for (const [index, row] of rows.entries()) {
    const path = `${REPORT}.Content row ${index + 2}`;
    const user = row.user;
    if (user === undefined) throw new MalformedInputError(`${REPORT}.Content: no "user" column`);
    if (user === "<root_account>") continue;
    const keys: AccessKey[] = [];
    for (const slot of [1, 2] as const) {
      const prefix = `access_key_${slot}`;
      const active = row[`${prefix}_active`];
      if (active === undefined)
        throw new MalformedInputError(`${REPORT}.Content: no "${prefix}_active" column`);
      const createdAt = reportDate(row[`${prefix}_last_rotated`], `${path}.${prefix}_last_rotated`);
      if (active !== "true" && !createdAt) continue; // no key in this slot
      const service = row[`${prefix}_last_used_service`];
      keys.push({
        slot,
        accessKeyId: undefined,
        active: active === "true",
        createdAt,
        lastUsedAt: reportDate(row[`${prefix}_last_used_date`], `${path}.${prefix}_last_used_date`),
        lastUsedService: service && service !== "N/A" ? service : undefined,
      });
    }
    byUser.set(user, keys);
  }
  return { generatedAt: optDate(report.GeneratedTime, `${REPORT}.GeneratedTime`), byUser };
}

export {
  accessKeysFromReport,
  decodePolicyDocument,
  groupsFromApi,
  policiesFromApi,
  userFromConfiguration,
  usersFromApi,
};
