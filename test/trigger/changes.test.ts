import { RULES } from "@migration-guard/core";
import type { AnyRule } from "@migration-guard/core/rules/types.js";
import {
  apiCallPatterns,
  CHANGED_BY,
  reEvaluationCalls,
  rulesChangedBy,
  unmappedActions,
} from "@migration-guard/core/trigger/changes.js";
import { describe, expect, it } from "vitest";

const tls = RULES.find((r) => r.name === "dms-endpoint-tls") as AnyRule;

describe("re-evaluation table", () => {
  it("maps every read action of every registered rule (a new operation needs an entry)", () => {
    for (const rule of RULES) {
      expect(unmappedActions(rule), rule.name).toEqual([]);
      expect(reEvaluationCalls(rule).length, rule.name).toBeGreaterThan(0);
    }
  });

  it("returns the endpoint and certificate calls for dms-endpoint-tls", () => {
    const names = reEvaluationCalls(tls).map((c) => `${c.eventSource} ${c.eventName}`);
    expect(names).toEqual(
      expect.arrayContaining([
        "dms.amazonaws.com CreateEndpoint",
        "dms.amazonaws.com ModifyEndpoint",
        "dms.amazonaws.com ImportCertificate",
        "dms.amazonaws.com DeleteCertificate",
        "dms.amazonaws.com AddTagsToResource",
      ]),
    );
    expect(names.every((n) => n.startsWith("dms.amazonaws.com "))).toBe(true);
    expect(names).not.toContain("dms.amazonaws.com CreateReplicationInstance");
  });

  it.each([
    ["dms:DescribeReplicationInstances", ["CreateReplicationInstance", "ModifyReplicationInstance"]],
    [
      "iam:GetAccountAuthorizationDetails",
      [
        "PutUserPermissionsBoundary",
        "DeleteUserPermissionsBoundary",
        "AttachUserPolicy",
        "DetachUserPolicy",
        "AddUserToGroup",
      ],
    ],
    ["iam:ListAccessKeys", ["CreateAccessKey", "UpdateAccessKey", "DeleteAccessKey"]],
    ["mgn:DescribeSourceServers", ["DisconnectFromService", "FinalizeCutover", "MarkAsArchived"]],
    ["mgn:GetReplicationConfiguration", ["UpdateReplicationConfiguration"]],
    ["mgn:DescribeReplicationConfigurationTemplates", ["UpdateReplicationConfigurationTemplate"]],
  ])("returns the calls that change %s", (action, calls) => {
    expect(CHANGED_BY[action]).toEqual(expect.arrayContaining(calls));
  });

  it("derives a rule's calls from the read actions it declares", () => {
    const iamRule = {
      ...tls,
      name: "iam-example",
      resourceType: "AWS::IAM::User",
      resourceKind: "dmsCertificate",
      facts: [],
    } as AnyRule;
    const calls = reEvaluationCalls(iamRule).map((c) => c.eventName);
    expect(calls.sort()).toEqual([...(CHANGED_BY["dms:DescribeCertificates"] ?? [])].sort());
  });

  it("returns one EventBridge pattern per service with sorted, distinct event names", () => {
    const patterns = apiCallPatterns([tls, tls]);
    expect(patterns).toHaveLength(1);
    expect(patterns[0]).toMatchObject({
      source: ["aws.dms"],
      "detail-type": ["AWS API Call via CloudTrail"],
      detail: { eventSource: ["dms.amazonaws.com"] },
    });
    const names = patterns[0]?.detail.eventName ?? [];
    expect(names).toEqual([...new Set(names)].sort());
  });

  it("returns the rules an API call changes, and none for an unrelated call", () => {
    expect(
      rulesChangedBy({ eventSource: "dms.amazonaws.com", eventName: "ModifyEndpoint" }, RULES),
    ).toContain(tls);
    expect(
      rulesChangedBy({ eventSource: "dms.amazonaws.com", eventName: "DescribeEndpoints" }, RULES),
    ).toEqual([]);
    expect(rulesChangedBy({ eventSource: "s3.amazonaws.com", eventName: "ModifyEndpoint" }, RULES)).toEqual(
      [],
    );
  });
});
