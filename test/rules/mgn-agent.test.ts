import { describe, expect, it } from "vitest";
import { agentParameters, agentReason, keyName } from "../../packages/core/src/rules/mgn-agent.js";
import { parseParameters } from "../../packages/core/src/rules/params.js";
import { AGENT_POLICY, daysAgo, groups, INSTALL_POLICY, key, user } from "./mgn-builders.js";

const none = { agentPolicyArns: [], agentUserTag: [] };

describe("agentReason", () => {
  it("returns the policy name for an AWS managed MGN agent policy attached to the user", () => {
    expect(agentReason(user({ attachedPolicyArns: [AGENT_POLICY] }), groups(), none)).toBe(
      "AWSApplicationMigrationAgentPolicy",
    );
  });

  it("returns the policy and group when the agent policy comes through a group", () => {
    const u = user({ attachedPolicyArns: [], groupNames: ["ops", "mgn"] });
    const g = groups(
      { groupName: "ops", attachedPolicyArns: [] },
      { groupName: "mgn", attachedPolicyArns: [INSTALL_POLICY] },
    );
    expect(agentReason(u, g, none)).toBe("AWSApplicationMigrationAgentInstallationPolicy via group mgn");
  });

  it("recognises later AWSApplicationMigration*Agent* policies in other partitions and paths", () => {
    const arn = "arn:aws-us-gov:iam::aws:policy/service-role/AWSApplicationMigrationAgentPolicy_v2";
    expect(agentReason(user({ attachedPolicyArns: [arn] }), groups(), none)).toBe(
      "AWSApplicationMigrationAgentPolicy_v2",
    );
  });

  it("returns undefined for other AWS policies and customer policies named like MGN ones", () => {
    const arns = [
      "arn:aws:iam::aws:policy/AWSApplicationMigrationFullAccess",
      "arn:aws:iam::123456789012:policy/AWSApplicationMigrationAgentPolicy",
    ];
    expect(agentReason(user({ attachedPolicyArns: arns }), groups(), none)).toBeUndefined();
  });

  it("returns the match for agentPolicyArns and agentUserTag parameters (key=value or key)", () => {
    const custom = "arn:aws:iam::123456789012:policy/mgn-agent-custom";
    expect(
      agentReason(user({ attachedPolicyArns: [custom] }), groups(), { ...none, agentPolicyArns: [custom] }),
    ).toBe("mgn-agent-custom");
    const tagged = user({ attachedPolicyArns: [], tags: { purpose: "mgn-agent" } });
    expect(agentReason(tagged, groups(), { ...none, agentUserTag: ["purpose=mgn-agent"] })).toBe(
      "tag purpose=mgn-agent",
    );
    expect(agentReason(tagged, groups(), { ...none, agentUserTag: ["purpose"] })).toBe("tag purpose");
    expect(agentReason(tagged, groups(), { ...none, agentUserTag: ["purpose=other"] })).toBeUndefined();
  });

  it("rejects an agentPolicyArns item that is not a policy ARN", () => {
    expect(() =>
      parseParameters("mgn-agent-key-rotation", agentParameters, {
        agentPolicyArns: "arn:aws:iam::123:role/x",
      }),
    ).toThrow(/agentPolicyArns.*not an IAM policy ARN/);
  });
});

describe("keyName", () => {
  it("names a key by id when known, by credential-report slot otherwise", () => {
    expect(keyName(key({ slot: 2, createdAt: daysAgo(3) }))).toBe("access key 2 (created 2026-11-17)");
    expect(keyName(key({ accessKeyId: "AKIAIOSFODNN7EXAMPLE", createdAt: daysAgo(3) }))).toBe(
      "AKIAIOSFODNN7EXAMPLE (created 2026-11-17)",
    );
  });
});
