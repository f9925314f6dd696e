import { collectorActions } from "../deploy/permissions.js";
import type { AnyRule } from "../rules/types.js";

/**
 * What changes what a rule looks at: for each read action a collector makes (the same IAM
 * actions permissions.ts derives from a rule's resource kind and facts), the CloudTrail API
 * calls that change its answer. A rule is re-evaluated when any of them happens, so a rule added
 * later is wired to event-driven re-evaluation by the read operations it already declares; a
 * new read operation needs one entry here (the registry test says so).
 *
 * Event names are CloudTrail `eventName`s (the API operation names); the event source is the
 * service's endpoint (`dms.amazonaws.com`), and the EventBridge source `aws.<service>`.
 */
const CHANGED_BY: Readonly<Record<string, readonly string[]>> = {
  // DMS
  "dms:DescribeEndpoints": [
    "CreateEndpoint",
    "ModifyEndpoint",
    "DeleteEndpoint",
    "AddTagsToResource",
    "RemoveTagsFromResource",
  ],
  "dms:DescribeCertificates": ["ImportCertificate", "DeleteCertificate", "AddTagsToResource"],
  "dms:DescribeReplicationInstances": [
    "CreateReplicationInstance",
    "ModifyReplicationInstance",
    "DeleteReplicationInstance",
    "AddTagsToResource",
    "RemoveTagsFromResource",
  ],
  "dms:DescribeReplicationTasks": [
    "CreateReplicationTask",
    "ModifyReplicationTask",
    "DeleteReplicationTask",
    "AddTagsToResource",
    "RemoveTagsFromResource",
  ],
  "dms:DescribeReplicationConfigs": [
    "CreateReplicationConfig",
    "ModifyReplicationConfig",
    "DeleteReplicationConfig",
    "AddTagsToResource",
    "RemoveTagsFromResource",
  ],
  // The IAM actions of DescribeInstanceProfiles and DescribeDataProviders (aws/read.ts).
  "dms:ListInstanceProfiles": ["CreateInstanceProfile", "ModifyInstanceProfile", "DeleteInstanceProfile"],
  "dms:ListDataProviders": ["CreateDataProvider", "ModifyDataProvider", "DeleteDataProvider"],
  "dms:ListTagsForResource": ["AddTagsToResource", "RemoveTagsFromResource"],
  // KMS: a key referenced by a resource is disabled, enabled or scheduled for deletion.
  "kms:DescribeKey": ["DisableKey", "EnableKey", "ScheduleKeyDeletion", "CancelKeyDeletion"],
  // EC2 security groups of replication instances.
  "ec2:DescribeSecurityGroups": [
    "AuthorizeSecurityGroupIngress",
    "RevokeSecurityGroupIngress",
    "ModifySecurityGroupRules",
  ],
  // EBS encryption by default (MGN replication and staging volumes).
  "ec2:GetEbsEncryptionByDefault": [
    "EnableEbsEncryptionByDefault",
    "DisableEbsEncryptionByDefault",
    "ModifyEbsDefaultKmsKeyId",
    "ResetEbsDefaultKmsKeyId",
  ],
  // IAM users, their keys, policies and boundaries (IAM events reach EventBridge in us-east-1 only).
  "iam:GetAccountAuthorizationDetails": [
    "CreateUser",
    "DeleteUser",
    "TagUser",
    "UntagUser",
    "PutUserPermissionsBoundary",
    "DeleteUserPermissionsBoundary",
    "AttachUserPolicy",
    "DetachUserPolicy",
    "PutUserPolicy",
    "DeleteUserPolicy",
    "AddUserToGroup",
    "RemoveUserFromGroup",
    "AttachGroupPolicy",
    "DetachGroupPolicy",
    "CreatePolicyVersion",
    "SetDefaultPolicyVersion",
  ],
  "iam:ListUsers": ["CreateUser", "DeleteUser"],
  "iam:GetUser": ["TagUser", "UntagUser", "PutUserPermissionsBoundary", "DeleteUserPermissionsBoundary"],
  "iam:ListUserTags": ["TagUser", "UntagUser"],
  "iam:ListAttachedUserPolicies": ["AttachUserPolicy", "DetachUserPolicy"],
  "iam:ListGroupsForUser": ["AddUserToGroup", "RemoveUserFromGroup"],
  "iam:GetPolicyVersion": ["CreatePolicyVersion", "SetDefaultPolicyVersion"],
  "iam:ListAccessKeys": ["CreateAccessKey", "UpdateAccessKey", "DeleteAccessKey"],
  "iam:GetAccessKeyLastUsed": ["CreateAccessKey", "UpdateAccessKey", "DeleteAccessKey"],
  "iam:GenerateCredentialReport": ["CreateAccessKey", "UpdateAccessKey", "DeleteAccessKey"],
  "iam:GetCredentialReport": ["CreateAccessKey", "UpdateAccessKey", "DeleteAccessKey"],
  // MGN source servers and replication settings.
  "mgn:DescribeSourceServers": [
    "DisconnectFromService",
    "FinalizeCutover",
    "MarkAsArchived",
    "DeleteSourceServer",
    "StartCutover",
  ],
  "mgn:GetReplicationConfiguration": ["UpdateReplicationConfiguration"],
  "mgn:DescribeReplicationConfigurationTemplates": [
    "CreateReplicationConfigurationTemplate",
    "UpdateReplicationConfigurationTemplate",
    "DeleteReplicationConfigurationTemplate",
  ],
};

/** One CloudTrail-recorded API call. */
interface ApiCall {
  /** e.g. `dms.amazonaws.com` */
  eventSource: string;
  /** e.g. `ModifyEndpoint` */
  eventName: string;
}

/** An EventBridge event pattern for CloudTrail API calls of one service. */
interface ApiCallPattern {
  source: string[];
  "detail-type": string[];
  detail: { eventSource: string[]; eventName: string[] };
}

function serviceOf(action: string): string {
  return action.slice(0, action.indexOf(":"));
}

/** The API calls that change what `rule` looks at, sorted; empty when none are known. */
function reEvaluationCalls(rule: AnyRule): ApiCall[] {
  const calls = new Map<string, ApiCall>();
  for (const action of collectorActions(rule)) {
    const eventSource = `${serviceOf(action)}.amazonaws.com`;
    for (const eventName of CHANGED_BY[action] ?? []) {
      calls.set(`${eventSource} ${eventName}`, { eventSource, eventName });
    }
  }
  return [...calls.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, call]) => call);
}

/** The read actions of a rule that no entry of the table covers (a new operation needs one). */
function unmappedActions(rule: AnyRule): string[] {
  return collectorActions(rule).filter((action) => !CHANGED_BY[action]);
}

/** One EventBridge pattern per service, covering every call that changes any of `rules`. */
function apiCallPatterns(rules: readonly AnyRule[]): ApiCallPattern[] {
  const byService = new Map<string, Set<string>>();
  for (const call of rules.flatMap(reEvaluationCalls)) {
    const names = byService.get(call.eventSource) ?? new Set<string>();
    names.add(call.eventName);
    byService.set(call.eventSource, names);
  }
  return [...byService.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([eventSource, names]) => ({
      source: [`aws.${eventSource.replace(/\.amazonaws\.com$/, "")}`],
      "detail-type": ["AWS API Call via CloudTrail"],
      detail: { eventSource: [eventSource], eventName: [...names].sort() },
    }));
}

/** The rules (of `rules`) that an API call changes. */
function rulesChangedBy(call: ApiCall, rules: readonly AnyRule[]): AnyRule[] {
  return rules.filter((rule) =>
    reEvaluationCalls(rule).some((c) => c.eventSource === call.eventSource && c.eventName === call.eventName),
  );
}

export type { ApiCall, ApiCallPattern };
export { apiCallPatterns, CHANGED_BY, reEvaluationCalls, rulesChangedBy, unmappedActions };
