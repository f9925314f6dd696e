import * as z from "zod";
import type { Tags } from "../../model/index.js";
import { setOwn } from "../../util/own.js";
import { fail, mapped, optArray, optional, optObject, optString, optTimestamp } from "./parse.js";

/**
 * IAM: GetAccountAuthorizationDetails (users, groups, customer managed policies), AWS Config's
 * `AWS::IAM::User` configuration (GAAD's UserDetail with camelCase names), and the credential
 * report's rows.
 */

function tagsOf(list: readonly { key: string; value: string | undefined }[]): Tags {
  const tags: Tags = {};
  for (const tag of list) setOwn(tags, tag.key, tag.value ?? "");
  return tags;
}

const userDetail = mapped(
  z.object({
    Arn: z.string(),
    UserName: z.string(),
    UserId: z.string(),
    CreateDate: optTimestamp,
    GroupList: optArray(z.string()),
    AttachedManagedPolicies: optArray(z.object({ PolicyArn: z.string() })),
    PermissionsBoundary: optObject(z.object({ PermissionsBoundaryArn: optString })),
    Tags: optArray(z.object({ Key: z.string(), Value: optString })),
  }),
  (u) => ({
    arn: u.Arn,
    userName: u.UserName,
    /** The stable id (`AIDA…`): AWS Config's resource id for AWS::IAM::User. */
    userId: u.UserId,
    createdAt: u.CreateDate,
    /** Names of the groups the user is in. */
    groupNames: u.GroupList,
    /** ARNs of the managed policies attached to the user directly. */
    attachedPolicyArns: u.AttachedManagedPolicies.map((p) => p.PolicyArn),
    /** ARN of the managed policy set as the user's permissions boundary. */
    permissionsBoundaryArn: u.PermissionsBoundary?.PermissionsBoundaryArn,
    tags: tagsOf(u.Tags.map((t) => ({ key: t.Key, value: t.Value }))),
  }),
);

/** `AWS::IAM::User` configuration: UserDetail's fields, camelCase (tags as `{ key, value }`). */
const userConfiguration = mapped(
  z.object({
    arn: z.string(),
    userName: z.string(),
    userId: z.string(),
    createDate: optTimestamp,
    groupList: optArray(z.string()),
    attachedManagedPolicies: optArray(z.object({ policyArn: z.string() })),
    permissionsBoundary: optObject(z.object({ permissionsBoundaryArn: optString })),
    tags: optArray(z.object({ key: z.string(), value: optString })),
  }),
  (u) => ({
    arn: u.arn,
    userName: u.userName,
    userId: u.userId,
    createdAt: u.createDate,
    groupNames: u.groupList,
    attachedPolicyArns: u.attachedManagedPolicies.map((p) => p.policyArn),
    permissionsBoundaryArn: u.permissionsBoundary?.permissionsBoundaryArn,
    tags: tagsOf(u.tags),
  }),
);

const groupDetail = mapped(
  z.object({ GroupName: z.string(), AttachedManagedPolicies: optArray(z.object({ PolicyArn: z.string() })) }),
  (g) => ({
    groupName: g.GroupName,
    attachedPolicyArns: g.AttachedManagedPolicies.map((p) => p.PolicyArn),
  }),
);

/** A managed policy; its default version's document is chosen and decoded by aws/iam.ts. */
const managedPolicyDetail = z.object({
  Arn: z.string(),
  PolicyName: optString,
  DefaultVersionId: optString,
  PolicyVersionList: optArray(
    z.object({
      VersionId: optString,
      IsDefaultVersion: optional((v) => v === true),
      /** URL-encoded JSON text (or, from a snapshot, JSON itself). */
      Document: z.unknown(),
    }),
  ),
});

/**
 * GetAccountAuthorizationDetails output (merged pages). Each reader picks the one list it maps
 * (`.pick`), so the users, groups and policies are each validated once.
 */
const getAccountAuthorizationDetails = z.object({
  UserDetailList: z.array(userDetail),
  GroupDetailList: optArray(groupDetail),
  Policies: optArray(managedPolicyDetail),
});

const REPORT_NO_DATE = new Set(["", "N/A", "no_information"]);

/** A credential report date column: empty, `N/A` or `no_information` → undefined. */
const reportDate = z.pipe(
  z.optional(z.string()),
  z.transform((v, ctx): Date | undefined => {
    if (v === undefined || REPORT_NO_DATE.has(v)) return undefined;
    const date = new Date(v);
    if (!Number.isNaN(date.getTime())) return date;
    return fail(ctx, "expected an ISO-8601 timestamp, got string");
  }),
);

/** One access key slot's columns → the key, or undefined when the slot holds no key. */
function keyOf(
  slot: 1 | 2,
  active: string,
  createdAt: Date | undefined,
  lastUsedAt: Date | undefined,
  service?: string,
) {
  if (active !== "true" && !createdAt) return undefined;
  return {
    slot: slot as 1 | 2 | undefined,
    /** The report carries no key id. */
    accessKeyId: undefined as string | undefined,
    active: active === "true",
    /** `access_key_N_last_rotated`: the key's creation time. */
    createdAt,
    lastUsedAt,
    lastUsedService: service && service !== "N/A" ? service : undefined,
  };
}

/**
 * One credential report row (columns as in the IAM User Guide's "Getting credential reports":
 * user, access_key_N_active, _last_rotated, _last_used_date, _last_used_service).
 */
const credentialReportRow = mapped(
  z.object({
    user: z.string(),
    access_key_1_active: z.string(),
    access_key_1_last_rotated: reportDate,
    access_key_1_last_used_date: reportDate,
    access_key_1_last_used_service: z.optional(z.string()),
    access_key_2_active: z.string(),
    access_key_2_last_rotated: reportDate,
    access_key_2_last_used_date: reportDate,
    access_key_2_last_used_service: z.optional(z.string()),
  }),
  (r) => ({
    user: r.user,
    keys: [
      keyOf(
        1,
        r.access_key_1_active,
        r.access_key_1_last_rotated,
        r.access_key_1_last_used_date,
        r.access_key_1_last_used_service,
      ),
      keyOf(
        2,
        r.access_key_2_active,
        r.access_key_2_last_rotated,
        r.access_key_2_last_used_date,
        r.access_key_2_last_used_service,
      ),
    ].filter((k) => k !== undefined),
  }),
);

/** GetCredentialReport output (Content as CSV text, see aws/credential-report.ts). */
const getCredentialReport = z.object({ GeneratedTime: optTimestamp, Content: z.string() });

type IamUser = z.output<typeof userDetail>;
type IamGroup = z.output<typeof groupDetail>;
type AccessKey = z.output<typeof credentialReportRow>["keys"][number];

export type { AccessKey, IamGroup, IamUser };
export {
  credentialReportRow,
  getAccountAuthorizationDetails,
  getCredentialReport,
  groupDetail,
  managedPolicyDetail,
  userConfiguration,
  userDetail,
};
