import { describe, expect, it } from "vitest";
import { collectorActions, functionActions } from "../../packages/core/src/deploy/permissions.js";
import { findRule } from "../../packages/core/src/rules/index.js";
import type { AnyRule } from "../../packages/core/src/rules/types.js";

const rule = (name: string): AnyRule => {
  const found = findRule(name);
  if (!found) throw new Error(name);
  return found;
};

describe("IAM actions of the MGN rules", () => {
  it("returns the IAM reads, including GenerateCredentialReport, for the agent-key rules", () => {
    expect(collectorActions(rule("mgn-agent-key-rotation"))).toEqual([
      "iam:GenerateCredentialReport",
      "iam:GetAccountAuthorizationDetails",
      "iam:GetCredentialReport",
    ]);
    expect(collectorActions(rule("mgn-agent-key-cleanup"))).toContain("mgn:DescribeSourceServers");
  });

  it("returns config:GetResourceConfigHistory only for the change-triggered expiry rule", () => {
    expect(functionActions(rule("mgn-agent-key-expiry"))).toContain("config:GetResourceConfigHistory");
    expect(functionActions(rule("mgn-agent-key-rotation"))).not.toContain("config:GetResourceConfigHistory");
  });

  it("returns the MGN, EC2 and KMS reads for mgn-replication-settings", () => {
    expect(collectorActions(rule("mgn-replication-settings"))).toEqual([
      "ec2:DescribeSecurityGroups",
      "ec2:GetEbsEncryptionByDefault",
      "kms:DescribeKey",
      "mgn:DescribeReplicationConfigurationTemplates",
      "mgn:DescribeSourceServers",
      "mgn:GetReplicationConfiguration",
    ]);
  });
});
