import { MalformedInputError } from "../errors.js";
import type { AccessKey, AccessKeyInventory, IamGroup, IamUser, ManagedPolicy } from "../model/index.js";
import { parseCsv } from "../util/csv.js";
import { isRecord, str } from "../util/read.js";
import {
  credentialReportRow,
  getAccountAuthorizationDetails,
  getCredentialReport,
  userConfiguration,
} from "./schemas/iam.js";
import { parseAt } from "./schemas/parse.js";

/**
 * IAM: GetAccountAuthorizationDetails (users, groups, customer managed policies), AWS Config's
 * `AWS::IAM::User` configuration items, and the credential report, mapped to the model through
 * the schemas of aws/schemas/iam.ts. Policy documents come URL-encoded (RFC 3986); they are
 * decoded here.
 */

/** The position where JSON.parse stopped (V8's message quotes the input text, which is not repeated). */
function jsonErrorWhere(error: unknown): string {
  const position = /at position (\d+)/.exec((error as Error).message)?.[1];
  return position ? ` at position ${position}` : "";
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
    throw new MalformedInputError(`${path}: not a JSON policy document${jsonErrorWhere(error)}`, {
      cause: error,
    });
  }
}

const GAAD = "iam.GetAccountAuthorizationDetails";
const gaadUsers = getAccountAuthorizationDetails.pick({ UserDetailList: true });
const gaadGroups = getAccountAuthorizationDetails.pick({ GroupDetailList: true });
const gaadPolicies = getAccountAuthorizationDetails.pick({ Policies: true });

function usersFromApi(output: unknown): IamUser[] {
  return parseAt(gaadUsers, output, GAAD).UserDetailList;
}

function groupsFromApi(output: unknown): IamGroup[] {
  return parseAt(gaadGroups, output, GAAD).GroupDetailList;
}

/** Managed policies with their default version's document (IsDefaultVersion, else DefaultVersionId). */
function policiesFromApi(output: unknown): ManagedPolicy[] {
  return parseAt(gaadPolicies, output, GAAD).Policies.map((p, i) => {
    const versions = p.PolicyVersionList;
    let k = versions.findIndex((v) => v.IsDefaultVersion);
    if (k < 0 && p.DefaultVersionId !== undefined)
      k = versions.findIndex((v) => v.VersionId === p.DefaultVersionId);
    const chosen = versions[k];
    return {
      arn: p.Arn,
      name: p.PolicyName ?? p.Arn.slice(p.Arn.lastIndexOf("/") + 1),
      document: chosen
        ? decodePolicyDocument(chosen.Document, `${GAAD}.Policies[${i}].PolicyVersionList[${k}].Document`)
        : undefined,
    };
  });
}

/** Map an `AWS::IAM::User` configuration item's configuration (camelCase, GAAD-like). */
function userFromConfiguration(configuration: Record<string, unknown>, fallbackId: string): IamUser {
  return parseAt(
    userConfiguration,
    { ...configuration, userId: configuration.userId ?? fallbackId },
    "configuration",
  );
}

const REPORT = "iam.GetCredentialReport";
const REQUIRED_COLUMNS = ["user", "access_key_1_active", "access_key_2_active"];

/**
 * Access keys from the credential report (columns access_key_N_active, _last_rotated,
 * _last_used_date, _last_used_service). `last_rotated` is the key's creation time.
 */
function accessKeysFromReport(output: unknown): AccessKeyInventory {
  const report = parseAt(getCredentialReport, output, REPORT);
  const rows = parseCsv(report.Content, `${REPORT}.Content`);
  const byUser = new Map<string, AccessKey[]>();
  const header = rows[0];
  const missing = header && REQUIRED_COLUMNS.find((column) => header[column] === undefined);
  if (missing) throw new MalformedInputError(`${REPORT}.Content: no "${missing}" column`);
  for (const [index, raw] of rows.entries()) {
    if (raw.user === "<root_account>") continue;
    const row = parseAt(credentialReportRow, raw, `${REPORT}.Content row ${index + 2}`);
    byUser.set(row.user, row.keys);
  }
  return { generatedAt: report.GeneratedTime, byUser };
}

export {
  accessKeysFromReport,
  decodePolicyDocument,
  groupsFromApi,
  policiesFromApi,
  userFromConfiguration,
  usersFromApi,
};
