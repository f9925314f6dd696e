import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { AwsClients } from "../../packages/core/src/aws/clients.js";
import type { MgnApi } from "../../packages/core/src/aws/mgn.js";
import { parseSnapshot, SnapshotSource } from "../../packages/core/src/aws/source.js";
import { executeAll } from "../../packages/core/src/remediate/executor.js";
import { planRule } from "../../packages/core/src/remediate/plan.js";
import type { RemediationValues } from "../../packages/core/src/remediate/types.js";
import { findRule } from "../../packages/core/src/rules/index.js";
import { parseParameters } from "../../packages/core/src/rules/params.js";
import type { AnyRule } from "../../packages/core/src/rules/types.js";
import { validateInput } from "../support/shape-validator.js";

/**
 * MGN replication settings (only with the values given) and DMS manual steps, planned from the
 * sample account's recorded API outputs. moto has no MGN: the executor talks to an MgnApi whose
 * outputs are the sample's recorded ones and whose update inputs are checked against the MGN model.
 */

const SAMPLE = JSON.parse(
  readFileSync(new URL("../../examples/sample-account.json", import.meta.url), "utf8"),
) as { services: { mgn: Record<string, Record<string, unknown>> } };
const KEY = "arn:aws:kms:us-east-1:123456789012:key/0e9d8c7b-6a5f-4e3d-9c2b-1a0f9e8d7c6b";
const NOW = new Date("2026-11-20T09:00:00Z");

function rule(name: string): AnyRule {
  const found = findRule(name);
  if (!found) throw new Error(name);
  return found;
}

async function plan(name: string, values: Partial<RemediationValues> = {}) {
  const r = rule(name);
  return planRule(
    r,
    parseParameters(r.name, r.parameters, {}),
    new SnapshotSource(parseSnapshot(structuredClone(SAMPLE))),
    {
      now: NOW,
      values: { graceDays: 7, privateRouting: false, ...values },
      scope: { accountId: "123456789012" },
    },
  );
}

/** An MgnApi serving the sample's outputs (edited by `live`) and recording updates. */
function mgn(live: (configs: Record<string, Record<string, unknown>>) => void = () => {}) {
  const configs = structuredClone(SAMPLE.services.mgn.GetReplicationConfiguration) as Record<
    string,
    Record<string, unknown>
  >;
  live(configs);
  const updates: { operation: string; input: Record<string, unknown> }[] = [];
  const api: MgnApi = {
    describeSourceServers: async () => structuredClone(SAMPLE.services.mgn.DescribeSourceServers) as never,
    describeReplicationConfigurationTemplates: async () =>
      structuredClone(SAMPLE.services.mgn.DescribeReplicationConfigurationTemplates) as never,
    getReplicationConfiguration: async (id) => configs[id] ?? null,
    updateReplicationConfiguration: async (input) => {
      updates.push({ operation: "UpdateReplicationConfiguration", input: { ...input } });
    },
    updateReplicationConfigurationTemplate: async (input) => {
      updates.push({ operation: "UpdateReplicationConfigurationTemplate", input: { ...input } });
    },
  };
  return { clients: new AwsClients({ region: "us-east-1", mgn: api }), updates };
}

describe("MGN replication settings", () => {
  it("without values, plans manual actions naming the flag each problem needs, and no call", async () => {
    const actions = await plan("mgn-replication-settings");
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.every((a) => a.step.kind === "manual" && a.calls.length === 0)).toBe(true);
    const steps = actions.flatMap((a) => (a.step.kind === "manual" ? a.step.steps : []));
    expect(steps.some((s) => s.includes("--private-routing"))).toBe(true);
    expect(steps.some((s) => s.includes("--ebs-kms-key"))).toBe(true);
  });

  it("with --private-routing and --ebs-kms-key, updates the source server that needs it, as the MGN model allows", async () => {
    const actions = await plan("mgn-replication-settings", { privateRouting: true, ebsKmsKeyArn: KEY });
    const app = actions.find((a) => a.step.kind === "updateReplicationConfiguration");
    expect(app?.step).toMatchObject({
      sourceServerId: "s-1a2b3c4d5e6f70001",
      changes: { ebsEncryption: "CUSTOM", ebsEncryptionKeyArn: KEY, createPublicIP: false },
    });
    // The compliant template is left alone.
    expect(actions.some((a) => a.step.kind === "updateReplicationTemplate")).toBe(false);

    const dry = mgn();
    const [planned] = await executeAll(app ? [app] : [], dry.clients, { apply: false });
    expect(planned).toMatchObject({ status: "planned" });
    expect(dry.updates).toEqual([]);

    const wet = mgn();
    const [applied] = await executeAll(app ? [app] : [], wet.clients, { apply: true });
    expect(applied).toMatchObject({ status: "applied" });
    expect(wet.updates).toHaveLength(1);
    const [update] = wet.updates;
    expect(validateInput("mgn", "UpdateReplicationConfiguration", update?.input)).toEqual([]);
    expect(update?.input).toEqual({
      sourceServerID: "s-1a2b3c4d5e6f70001",
      ebsEncryption: "CUSTOM",
      ebsEncryptionKeyArn: KEY,
      createPublicIP: false,
    });
  });

  it("changes only what is still wrong, and nothing when a setting was changed by someone else", async () => {
    const [app] = (
      await plan("mgn-replication-settings", { privateRouting: true, ebsKmsKeyArn: KEY })
    ).filter((a) => a.step.kind === "updateReplicationConfiguration");
    const partly = mgn((c) => {
      (c["s-1a2b3c4d5e6f70001"] as Record<string, unknown>).createPublicIP = false;
    });
    await executeAll(app ? [app] : [], partly.clients, { apply: true });
    expect(partly.updates.map((u) => u.input)).toEqual([
      { sourceServerID: "s-1a2b3c4d5e6f70001", ebsEncryption: "CUSTOM", ebsEncryptionKeyArn: KEY },
    ]);
    const other = mgn((c) => {
      Object.assign(c["s-1a2b3c4d5e6f70001"] as object, {
        ebsEncryption: "CUSTOM",
        ebsEncryptionKeyArn: "arn:other",
      });
    });
    const [result] = await executeAll(app ? [app] : [], other.clients, { apply: true });
    expect(result).toMatchObject({
      status: "skipped",
      reason: expect.stringContaining(
        "changed since the finding (ebsEncryptionKeyArn is now arn:other); not overwritten",
      ),
    });
    expect(other.updates).toEqual([]);
  });
});

describe("DMS manual steps", () => {
  it("lists the steps to recreate a replication instance and makes no call", async () => {
    const actions = await plan("dms-replication-instance-kms");
    expect(actions.length).toBeGreaterThan(0);
    const [first] = actions;
    expect(first).toMatchObject({ calls: [], step: { kind: "manual" } });
    expect(first?.step.kind === "manual" && first.step.steps.join("\n")).toMatch(/MoveReplicationTask/);
    const results = await executeAll(actions, mgn().clients, { apply: true });
    expect(
      results.every((r) => r.status === "skipped" && r.reason?.startsWith("cannot be changed in place")),
    ).toBe(true);
  });

  it("gives an instance profile or replication config the finding's own advice, not an instance's recreation", async () => {
    const hosts = await plan("dms-replication-instance-not-public");
    const storage = await plan("dms-replication-instance-kms");

    const profile = hosts.find((a) => a.resourceType === "AWS::DMS::InstanceProfile");
    const config = storage.find((a) => a.resourceType === "AWS::DMS::ReplicationConfig");
    expect(profile).toMatchObject({
      resourceName: "schema-conversion-quickstart",
      calls: [],
      step: { kind: "manual" },
    });
    expect(profile?.step.kind === "manual" && profile.step.steps.join("\n")).toMatch(/ModifyInstanceProfile/);
    expect(config?.step.kind === "manual" && config.step.steps.join("\n")).toMatch(/ModifyReplicationConfig/);
    expect(config?.step.kind === "manual" && config.step.steps.join("\n")).not.toMatch(/MoveReplicationTask/);
  });

  it("tells an S3 endpoint on SSE_S3 to be recreated with SSE_KMS", async () => {
    const actions = await plan("dms-endpoint-encryption-at-rest");
    const steps = actions.flatMap((a) => (a.step.kind === "manual" ? a.step.steps : []));
    expect(steps.some((s) => s.includes("ModifyEndpoint cannot change SSE_S3 to SSE_KMS"))).toBe(true);
  });
});
