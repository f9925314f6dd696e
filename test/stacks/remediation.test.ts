import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { collectorActions, findRule } from "@migration-guard/core";
import type { Template } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveStageConfig } from "../../stacks/config.js";
import { synthesize } from "../../stacks/synth.js";
import { awsModel } from "../support/aws-model.js";
import { validateShape } from "../support/shape-validator.js";
import { actionsOf, asList, resources, roleOf, roleStatements, ruleFunction } from "../support/stacks.js";

/**
 * The Remediation stack for a stage that enables remediation of four rules (two automatic, two
 * manual): the AWS Config remediation configurations, the SSM Automation document, the role
 * Automation assumes, the remediation function's least-privilege role; cfn-lint clean.
 */

const SETTINGS = {
  remediation: {
    "mgn-agent-key-cleanup": { mode: "automatic", maximumAutomaticAttempts: 3, retryAttemptSeconds: 600 },
    "mgn-agent-key-expiry": { mode: "automatic", graceDays: 14 },
    "mgn-agent-key-rotation": { mode: "manual" },
    "mgn-replication-settings": { mode: "manual", privateRouting: true },
  },
};

let template: Template;
let rules: Template;
let dir: string;

beforeAll(async () => {
  const config = resolveStageConfig("remedy", { remedy: SETTINGS as never });
  const { stacks } = await synthesize({ stage: "remedy", region: "us-east-1", config });
  template = stacks.Remediation?.template as Template;
  rules = stacks.Rules?.template as Template;
  dir = mkdtempSync(join(tmpdir(), "migration-guard-remediation-"));
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function only<T>(record: Record<string, T>): [string, T] {
  const entries = Object.entries(record);
  expect(entries).toHaveLength(1);
  return entries[0] as [string, T];
}

describe("Remediation stack", () => {
  it("has one RemediationConfiguration per enabled rule, shaped as the AWS Config model says", () => {
    const configs = Object.values(resources(template, "AWS::Config::RemediationConfiguration")).map(
      (r) => r.Properties ?? {},
    );
    expect(configs.map((c) => c.ConfigRuleName).sort()).toEqual(Object.keys(SETTINGS.remediation).sort());
    const [docId] = only(resources(template, "AWS::SSM::Document"));
    for (const c of configs) {
      expect(c.TargetType).toBe("SSM_DOCUMENT");
      expect(c.TargetId).toEqual({ Ref: docId });
      const params = c.Parameters as Record<string, unknown>;
      expect(params.ResourceId).toEqual({ ResourceValue: { Value: "RESOURCE_ID" } });
      expect(params.RuleName).toEqual({ StaticValue: { Values: [c.ConfigRuleName] } });
      // Checked against the PutRemediationConfigurations model (the role ARN stands in for its GetAtt).
      const shape = {
        ...c,
        TargetId: "doc",
        Parameters: { ...params, AutomationAssumeRole: { StaticValue: { Values: ["arn"] } } },
      };
      expect(validateShape("config", "RemediationConfiguration", shape), String(c.ConfigRuleName)).toEqual(
        [],
      );
    }
    const byRule = Object.fromEntries(configs.map((c) => [c.ConfigRuleName as string, c]));
    expect(byRule["mgn-agent-key-cleanup"]).toMatchObject({
      Automatic: true,
      MaximumAutomaticAttempts: 3,
      RetryAttemptSeconds: 600,
    });
    expect(byRule["mgn-agent-key-expiry"]).toMatchObject({
      Automatic: true,
      MaximumAutomaticAttempts: 5,
      RetryAttemptSeconds: 60,
    });
    expect(byRule["mgn-agent-key-rotation"]?.Automatic).toBe(false);
    expect(byRule["mgn-agent-key-rotation"]?.MaximumAutomaticAttempts).toBeUndefined();
    expect(awsModel("config").shapes.AutoRemediationAttempts).toMatchObject({ min: 1, max: 25 });
  });

  it("deploys an Automation document (schemaVersion 0.3) whose one step invokes the remediation function", () => {
    const [, doc] = only(resources(template, "AWS::SSM::Document"));
    expect(doc.Properties?.DocumentType).toBe("Automation");
    const content = doc.Properties?.Content as Record<string, unknown>;
    expect(content.schemaVersion).toBe("0.3");
    expect(content.assumeRole).toBe("{{ AutomationAssumeRole }}");
    const steps = content.mainSteps as Record<string, unknown>[];
    expect(steps).toHaveLength(1);
    const [fnId] = only(
      Object.fromEntries(
        Object.entries(resources(template, "AWS::Lambda::Function")).filter(([, f]) =>
          (f.Properties?.Handler as string)?.includes("remediate"),
        ),
      ),
    );
    expect(steps[0]).toMatchObject({
      action: "aws:invokeLambdaFunction",
      inputs: {
        FunctionName: { Ref: fnId },
        InvocationType: "RequestResponse",
        InputPayload: { ruleName: "{{ RuleName }}", resourceId: "{{ ResourceId }}" },
      },
    });
    expect(Object.keys(content.parameters as object).sort()).toEqual([
      "AutomationAssumeRole",
      "ResourceId",
      "RuleName",
    ]);
  });

  it("lets Automation's role invoke the remediation function and nothing else", () => {
    const roles = resources(template, "AWS::IAM::Role");
    const [roleId, role] = Object.entries(roles).find(([, r]) =>
      JSON.stringify(r.Properties?.AssumeRolePolicyDocument).includes("ssm.amazonaws.com"),
    ) ?? ["", undefined];
    expect(role).toBeDefined();
    const statements = roleStatements(template, roleId);
    expect(actionsOf(statements)).toEqual(["lambda:InvokeFunction"]);
    expect(JSON.stringify(statements[0]?.Resource)).toContain("Remediate");
  });

  it("grants the remediation function its rules' reads, the enabled remediations' calls and publishing, nothing else", () => {
    const [, fn] = Object.entries(resources(template, "AWS::Lambda::Function")).find(([, f]) =>
      (f.Properties?.Handler as string)?.includes("remediate"),
    ) ?? ["", { Properties: {} }];
    const statements = roleStatements(template, roleOf(fn.Properties ?? {}));
    const reads = Object.keys(SETTINGS.remediation).flatMap((n) => collectorActions(findRule(n) as never));
    expect(actionsOf(statements)).toEqual(
      [
        ...new Set([
          ...reads,
          "iam:CreatePolicy",
          "iam:GetPolicy",
          "iam:GetPolicyVersion",
          "iam:GetUser",
          "iam:ListAccessKeys",
          "iam:PutUserPermissionsBoundary",
          "iam:UpdateAccessKey",
          "mgn:UpdateReplicationConfiguration",
          "mgn:UpdateReplicationConfigurationTemplate",
          "sns:Publish",
          "kms:Decrypt",
          "kms:GenerateDataKey*",
          "logs:CreateLogStream",
          "logs:PutLogEvents",
        ]),
      ].sort(),
    );
    const boundary = statements.find((s) => asList(s.Action).includes("iam:PutUserPermissionsBoundary"));
    expect(JSON.stringify(boundary)).toContain("iam:PermissionsBoundary");
    expect(JSON.stringify(boundary)).toContain("policy/migration-guard/migration-guard-expiry-*");
    for (const s of statements)
      if (asList(s.Action).some((a) => /^(iam:(Create|Update|Put)|mgn:Update)/.test(a)))
        expect(s.Resource, String(s.Action)).not.toBe("*");
  });

  it("grants only actions that are operations of their service's API model", () => {
    const granted = Object.values(resources(template, "AWS::IAM::Policy")).flatMap((p) => {
      const document = p.Properties?.PolicyDocument as
        | { Statement: { Action: string | string[] }[] }
        | undefined;
      return (document?.Statement ?? []).flatMap((s) => asList(s.Action));
    });
    // lambda:InvokeFunction is the IAM action of the Invoke operation (Service Authorization Reference).
    const operationOf = (action: string) => (action === "lambda:InvokeFunction" ? "lambda:Invoke" : action);
    const checked = granted
      .filter(
        (a) => !a.includes("*") && ["iam", "mgn", "sns", "lambda", "kms"].includes(a.split(":")[0] ?? ""),
      )
      .map(operationOf);
    expect(checked.length).toBeGreaterThan(5);
    for (const action of checked) {
      const [service = "", operation = ""] = action.split(":");
      expect(awsModel(service).operationNames, action).toContain(operation);
    }
  });

  it("leaves the rule functions read-only", () => {
    for (const name of Object.keys(SETTINGS.remediation)) {
      const [, fn] = ruleFunction(rules, name) ?? ["", {}];
      const actions = actionsOf(roleStatements(rules, roleOf(fn)));
      expect(
        actions.filter((a) => /^(iam|mgn):(Update|Put|Create|Delete)/.test(a)),
        name,
      ).toEqual([]);
    }
  });

  it("is cfn-lint clean", () => {
    try {
      execFileSync("cfn-lint", ["--version"], { stdio: "ignore" });
    } catch {
      execFileSync("python3", ["-m", "pip", "install", "--quiet", "cfn-lint"], { stdio: "inherit" });
    }
    const file = join(dir, "remediation.template.json");
    writeFileSync(file, JSON.stringify(template.toJSON()));
    const run = spawnSync("cfn-lint", ["--format", "parseable", "--", file], { encoding: "utf8" });
    expect(((run.status ?? 2) & 3) === 0, `${run.stdout}${run.stderr}`).toBe(true);
  }, 120_000);
});

describe("remediation stage setting", () => {
  const resolve = (settings: Record<string, unknown>) => () =>
    resolveStageConfig("s", { s: settings as never });

  it("is refused in organization mode (AWS Config has no remediation for organization rules)", () => {
    expect(
      resolve({
        mode: "organization",
        organization: {},
        remediation: { "mgn-agent-key-cleanup": { mode: "manual" } },
      }),
    ).toThrow("stage s: remediation: AWS Config has no remediation configurations for organization rules");
  });

  it("refuses automatic mode where it is not offered, manual-steps-only rules and foreign values", () => {
    expect(resolve({ remediation: { "mgn-agent-key-rotation": { mode: "automatic" } } })).toThrow(
      "automatic remediation is not offered for mgn-agent-key-rotation",
    );
    expect(resolve({ remediation: { "dms-replication-instance-kms": { mode: "manual" } } })).toThrow(
      "manual steps only",
    );
    expect(
      resolve({ remediation: { "mgn-agent-key-cleanup": { mode: "manual", expires: "2027-01-01" } } }),
    ).toThrow("remediation.mgn-agent-key-cleanup.expires: not a setting of this remediation");
    expect(
      resolve({ remediation: { "mgn-agent-key-expiry": { mode: "manual", expires: "2027-02-31" } } }),
    ).toThrow("remediation.mgn-agent-key-expiry.expires: expected a date YYYY-MM-DD");
    expect(resolve({ remediation: { "mgn-replication-settings": { mode: "manual" } } })).toThrow(
      "give ebsKmsKeyArn and/or privateRouting",
    );
    expect(
      resolve({
        remediation: { "mgn-agent-key-cleanup": { mode: "automatic", maximumAutomaticAttempts: 26 } },
      }),
    ).toThrow("expected a whole number from 1 to 25");
  });

  it("defaults to none", () => {
    expect(resolveStageConfig("s", { s: {} }).remediation).toEqual({});
  });
});
