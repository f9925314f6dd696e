import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { resolveStageConfig } from "../../stacks/config.js";
import { synthesize } from "../../stacks/synth.js";
import { awsModel, type Shape, shapeOf } from "../support/aws-model.js";

/**
 * The deployment contract: every synthesized AWS::Config::ConfigRule, AWS::Config::OrganizationConfigRule,
 * AWS::Lambda::Permission and AWS::Events::Rule pattern, in account and organization mode, is
 * checked against what AWS documents, each constraint with its source. Lengths, enums and
 * patterns come from the AWS API models (test/fixtures/aws-models/, botocore's service-2.json).
 * A violation names its stack and logical id.
 */

type Resource = { Type: string; Properties?: Record<string, unknown> };
type Templates = Record<string, Template>;

const config = shapeOf.bind(null, "config");
const lambda = shapeOf.bind(null, "lambda");

/** A string's length within a model shape's min/max (values that are CloudFormation functions are not strings). */
function lengthIssue(value: unknown, shape: Shape, what: string): string[] {
  if (typeof value !== "string") return [];
  if (shape.max !== undefined && value.length > shape.max)
    return [`${what} has ${value.length} > ${shape.max} characters`];
  if (shape.min !== undefined && value.length < shape.min)
    return [`${what} has ${value.length} < ${shape.min} characters`];
  return [];
}

function patternIssue(value: unknown, shape: Shape, what: string): string[] {
  if (typeof value !== "string" || !shape.pattern) return [];
  return new RegExp(`^(?:${shape.pattern})$`).test(value)
    ? []
    : [`${what} ${JSON.stringify(value)} does not match ${shape.pattern}`];
}

function enumIssue(value: unknown, shape: Shape, what: string): string[] {
  return shape.enum?.includes(value as string)
    ? []
    : [`${what} ${JSON.stringify(value)} is not one of ${shape.enum?.join(", ")}`];
}

const CHANGE = "ConfigurationItemChangeNotification";
const SCHEDULED = "ScheduledNotification";

/** AWS::Config::ConfigRule (PutConfigRule's ConfigRule shape). */
function configRuleIssues(p: Record<string, unknown>): string[] {
  const issues: string[] = [];
  const rule = config("ConfigRule").members ?? {};
  issues.push(...lengthIssue(p.ConfigRuleName, config(rule.ConfigRuleName?.shape ?? ""), "ConfigRuleName"));
  issues.push(...patternIssue(p.ConfigRuleName, config("ConfigRuleName"), "ConfigRuleName"));
  issues.push(...lengthIssue(p.Description, config(rule.Description?.shape ?? ""), "Description"));
  // InputParameters is a JSON object in CloudFormation; Config receives it as a string (StringWithCharLimit1024).
  if (p.InputParameters !== undefined) {
    issues.push(
      ...lengthIssue(
        JSON.stringify(p.InputParameters),
        config(rule.InputParameters?.shape ?? ""),
        "InputParameters",
      ),
    );
  }
  const source = (p.Source ?? {}) as { Owner?: string; SourceDetails?: Record<string, unknown>[] };
  issues.push(...enumIssue(source.Owner, config("Owner"), "Source.Owner"));
  const details = source.SourceDetails ?? [];
  for (const d of details) {
    issues.push(...enumIssue(d.EventSource, config("EventSource"), "SourceDetails.EventSource"));
    issues.push(...enumIssue(d.MessageType, config("MessageType"), "SourceDetails.MessageType"));
    if (d.MaximumExecutionFrequency !== undefined) {
      issues.push(
        ...enumIssue(
          d.MaximumExecutionFrequency,
          config("MaximumExecutionFrequency"),
          "SourceDetails.MaximumExecutionFrequency",
        ),
      );
      // SourceDetail.MaximumExecutionFrequency: "If you specify a value for MaximumExecutionFrequency,
      // then MessageType must use the ScheduledNotification value." (config model)
      if (d.MessageType !== SCHEDULED) issues.push(`a frequency on MessageType ${String(d.MessageType)}`);
    }
  }
  if (p.MaximumExecutionFrequency !== undefined) {
    issues.push(
      ...enumIssue(
        p.MaximumExecutionFrequency,
        config("MaximumExecutionFrequency"),
        "MaximumExecutionFrequency",
      ),
    );
  }
  const changeTriggered = details.some((d) => d.MessageType === CHANGE);
  const scope = p.Scope as { ComplianceResourceTypes?: string[] } | undefined;
  // Periodic-only rules have no scope: PutConfigRule answers InvalidParameterValueException for a
  // periodic rule with a scope since 2025 (cloud-custodian PR #10008, confirmed with AWS support:
  // https://github.com/cloud-custodian/cloud-custodian/pull/10008).
  if (scope && !changeTriggered) issues.push("a periodic-only rule has a Scope");
  const types = scope?.ComplianceResourceTypes ?? [];
  const typesShape = config("ComplianceResourceTypes");
  if (typesShape.max !== undefined && types.length > typesShape.max)
    issues.push(`${types.length} scope types > ${typesShape.max}`);
  // AWS::::Account is what account-level evaluations report against, not a recordable type.
  if (types.includes("AWS::::Account")) issues.push("AWS::::Account in ComplianceResourceTypes");
  return issues;
}

/** AWS::Config::OrganizationConfigRule (PutOrganizationConfigRule, OrganizationCustomRuleMetadata). */
function organizationRuleIssues(p: Record<string, unknown>): string[] {
  const issues: string[] = [];
  issues.push(
    ...lengthIssue(
      p.OrganizationConfigRuleName,
      config("OrganizationConfigRuleName"),
      "OrganizationConfigRuleName",
    ),
  );
  issues.push(
    ...patternIssue(
      p.OrganizationConfigRuleName,
      config("OrganizationConfigRuleName"),
      "OrganizationConfigRuleName",
    ),
  );
  const excluded = (p.ExcludedAccounts ?? []) as string[];
  const excludedShape = config("ExcludedAccounts");
  if (excludedShape.max !== undefined && excluded.length > excludedShape.max)
    issues.push("too many ExcludedAccounts");
  for (const account of excluded)
    issues.push(...patternIssue(account, config("AccountId"), "ExcludedAccounts"));
  const meta = (p.OrganizationCustomRuleMetadata ?? {}) as Record<string, unknown>;
  const members = config("OrganizationCustomRuleMetadata").members ?? {};
  issues.push(...lengthIssue(meta.Description, config(members.Description?.shape ?? ""), "Description"));
  issues.push(
    ...lengthIssue(meta.InputParameters, config(members.InputParameters?.shape ?? ""), "InputParameters"),
  );
  const triggers = (meta.OrganizationConfigRuleTriggerTypes ?? []) as string[];
  if (triggers.length === 0) issues.push("no OrganizationConfigRuleTriggerTypes (required)");
  for (const t of triggers)
    issues.push(
      ...enumIssue(t, config("OrganizationConfigRuleTriggerType"), "OrganizationConfigRuleTriggerTypes"),
    );
  if (meta.MaximumExecutionFrequency !== undefined) {
    issues.push(
      ...enumIssue(
        meta.MaximumExecutionFrequency,
        config("MaximumExecutionFrequency"),
        "MaximumExecutionFrequency",
      ),
    );
    // "ScheduledNotification - Triggers a periodic evaluation at the frequency specified for MaximumExecutionFrequency" (config model).
    if (!triggers.includes(SCHEDULED))
      issues.push("a MaximumExecutionFrequency without ScheduledNotification");
  }
  const scope = meta.ResourceTypesScope as string[] | undefined;
  // ResourceTypesScope only with ConfigurationItemChangeNotification (cloud-custodian PR #10008).
  if (scope && !triggers.includes(CHANGE))
    issues.push("a periodic-only organization rule has a ResourceTypesScope");
  const scopeShape = config("ResourceTypesScope");
  if (scope && scopeShape.max !== undefined && scope.length > scopeShape.max)
    issues.push("too many ResourceTypesScope");
  if (scope?.includes("AWS::::Account")) issues.push("AWS::::Account in ResourceTypesScope");
  return issues;
}

/** AWS::Lambda::Permission (AddPermissionRequest of the Lambda model). */
function permissionIssues(p: Record<string, unknown>): string[] {
  const issues: string[] = [];
  issues.push(...patternIssue(p.Action, lambda("Action"), "Action"));
  issues.push(...patternIssue(p.Principal, lambda("Principal"), "Principal"));
  issues.push(...lengthIssue(p.SourceAccount, lambda("SourceOwner"), "SourceAccount"));
  issues.push(...patternIssue(p.SourceAccount, lambda("SourceOwner"), "SourceAccount"));
  issues.push(...patternIssue(p.SourceArn, lambda("Arn"), "SourceArn"));
  issues.push(...patternIssue(p.PrincipalOrgID, lambda("PrincipalOrgID"), "PrincipalOrgID"));
  if (typeof p.Principal === "string" && p.Principal.endsWith(".amazonaws.com")) {
    // AddPermission.Principal: "If you specify a service, use SourceArn or SourceAccount to limit
    // who can invoke the function through that service." (Lambda model)
    if (p.SourceAccount === undefined && p.SourceArn === undefined)
      issues.push("a service principal without SourceAccount or SourceArn");
    // A service principal's request carries no aws:PrincipalOrgID: such a permission never matches.
    if (p.PrincipalOrgID !== undefined) issues.push("PrincipalOrgID on a service principal never matches");
  }
  return issues;
}

/** Every committed model by endpoint prefix (`iam` → the IAM model). */
const MODELS = new Map(
  readdirSync(fileURLToPath(new URL("../fixtures/aws-models/", import.meta.url)))
    .filter((f) => f.endsWith(".json"))
    .map((f) => awsModel(f.replace(/\.json$/, "")))
    .map((m) => [m.metadata.endpointPrefix, m]),
);

/**
 * AWS::Events::Rule: EventBridge's events reference gives, per service, `source: aws.<service>`
 * and `eventSource: <service>.amazonaws.com` for "AWS API Call via CloudTrail" events (e.g.
 * https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-iam.html), and an eventName is
 * the API operation called: it must be an operation of that service's model.
 */
function eventRuleIssues(p: Record<string, unknown>): string[] {
  const issues: string[] = [];
  issues.push(...lengthIssue(p.Description, shapeOf("events", "RuleDescription"), "Description"));
  const pattern = p.EventPattern as Record<string, unknown> | undefined;
  if (!pattern) return ["no EventPattern"];
  issues.push(...lengthIssue(JSON.stringify(pattern), shapeOf("events", "EventPattern"), "EventPattern"));
  const sources = (pattern.source ?? []) as string[];
  if (sources.length === 0) issues.push("no source");
  for (const source of sources) {
    const prefix = /^aws\.([a-z0-9-]+)$/.exec(source)?.[1];
    if (!prefix || !MODELS.has(prefix))
      issues.push(`source ${JSON.stringify(source)} is not aws.<service> of a model`);
  }
  const detail = (pattern.detail ?? {}) as Record<string, unknown>;
  const eventSources = (detail.eventSource ?? []) as string[];
  const names = (detail.eventName ?? []) as string[];
  if (names.length > 0 && eventSources.length === 0) issues.push("eventName without eventSource");
  for (const eventSource of eventSources) {
    const prefix = /^([a-z0-9-]+)\.amazonaws\.com$/.exec(eventSource)?.[1];
    const model = prefix ? MODELS.get(prefix) : undefined;
    if (!model) {
      issues.push(
        `eventSource ${JSON.stringify(eventSource)} is not <endpointPrefix>.amazonaws.com of a model`,
      );
      continue;
    }
    if (!sources.includes(`aws.${prefix}`))
      issues.push(`eventSource ${eventSource} without source aws.${prefix}`);
    if (!((pattern["detail-type"] ?? []) as string[]).includes("AWS API Call via CloudTrail")) {
      issues.push(`eventSource ${eventSource} without detail-type "AWS API Call via CloudTrail"`);
    }
    // One pattern per service (an eventName list shared by several eventSources would be ambiguous).
    if (eventSources.length > 1) issues.push("several eventSources in one pattern");
    for (const name of names) {
      if (!model.operationNames.includes(name))
        issues.push(`eventName ${name} is not an operation of ${model.metadata.serviceId}`);
    }
  }
  return issues;
}

const CHECKS: Record<string, (p: Record<string, unknown>) => string[]> = {
  "AWS::Config::ConfigRule": configRuleIssues,
  "AWS::Config::OrganizationConfigRule": organizationRuleIssues,
  "AWS::Lambda::Permission": permissionIssues,
  "AWS::Events::Rule": eventRuleIssues,
};

/** Every violation in the templates, as `<stack>/<logical id> (<type>): <issue>`; and how many resources were checked. */
function violations(templates: Templates): { issues: string[]; checked: Record<string, number> } {
  const issues: string[] = [];
  const checked: Record<string, number> = {};
  for (const [stack, template] of Object.entries(templates)) {
    const all = (template.toJSON() as { Resources: Record<string, Resource> }).Resources;
    for (const [id, resource] of Object.entries(all)) {
      const check = CHECKS[resource.Type];
      if (!check) continue;
      checked[resource.Type] = (checked[resource.Type] ?? 0) + 1;
      for (const issue of check(resource.Properties ?? {}))
        issues.push(`${stack}/${id} (${resource.Type}): ${issue}`);
    }
  }
  return { issues, checked };
}

let account: Templates;
let organization: Templates;

beforeAll(async () => {
  const accountConfig = resolveStageConfig("contract", { contract: { recorder: true } }, {});
  const a = await synthesize({ stage: "contract", region: "us-east-1", config: accountConfig });
  account = Object.fromEntries(Object.entries(a.stacks).map(([id, s]) => [id, s.template]));
  const orgConfig = resolveStageConfig(
    "contract",
    {
      contract: {
        mode: "organization",
        organization: {
          organizationId: "o-abcdefghij",
          targetOrganizationalUnits: ["r-ab12"],
          memberAccounts: ["111111111111", "222222222222"],
          excludedAccounts: ["999999999999"],
        },
      },
    },
    {},
  );
  const o = await synthesize({ stage: "contract", region: "us-east-1", config: orgConfig });
  organization = Object.fromEntries(Object.entries(o.stacks).map(([id, s]) => [id, s.template]));
  if (o.member) organization.Member = o.member.template;
}, 600_000);

describe("deployment contract", () => {
  it("account mode: every Config rule, Lambda permission and EventBridge pattern is valid for AWS", () => {
    const { issues, checked } = violations(account);
    expect(issues).toEqual([]);
    expect(checked["AWS::Config::ConfigRule"]).toBeGreaterThan(0);
    expect(checked["AWS::Lambda::Permission"]).toBeGreaterThan(0);
    expect(checked["AWS::Events::Rule"]).toBeGreaterThan(0);
  });

  it("organization mode: every organization rule, Lambda permission and EventBridge pattern is valid for AWS", () => {
    const { issues, checked } = violations(organization);
    expect(issues).toEqual([]);
    expect(checked["AWS::Config::OrganizationConfigRule"]).toBeGreaterThan(0);
    expect(checked["AWS::Lambda::Permission"]).toBeGreaterThan(0);
    expect(checked["AWS::Events::Rule"]).toBeGreaterThan(0);
  });

  it("names the resource of each planted violation", () => {
    const planted = structuredClone(account.Rules?.toJSON()) as { Resources: Record<string, Resource> };
    const rules = Object.entries(planted.Resources);
    const periodic = rules.find(
      ([, r]) =>
        r.Type === "AWS::Config::ConfigRule" && r.Properties?.ConfigRuleName === "mgn-agent-key-rotation",
    );
    const pattern = rules.find(([, r]) => r.Type === "AWS::Events::Rule");
    const permission = rules.find(([, r]) => r.Type === "AWS::Lambda::Permission");
    if (!periodic?.[1].Properties || !pattern?.[1].Properties || !permission?.[1].Properties)
      throw new Error("resources missing");
    periodic[1].Properties.Scope = { ComplianceResourceTypes: ["AWS::IAM::User"] };
    const eventPattern = pattern[1].Properties.EventPattern as { detail: { eventName: string[] } };
    eventPattern.detail.eventName = [...eventPattern.detail.eventName, "ModifyEverything"];
    permission[1].Properties.PrincipalOrgID = "o-abcdefghij";
    const template = { toJSON: () => planted } as unknown as Template;
    const { issues } = violations({ Rules: template });
    expect(issues).toEqual(
      expect.arrayContaining([
        `Rules/${periodic[0]} (AWS::Config::ConfigRule): a periodic-only rule has a Scope`,
        expect.stringMatching(
          new RegExp(
            `^Rules/${pattern[0]} \\(AWS::Events::Rule\\): eventName ModifyEverything is not an operation of `,
          ),
        ),
        `Rules/${permission[0]} (AWS::Lambda::Permission): PrincipalOrgID on a service principal never matches`,
      ]),
    );
    expect(issues).toHaveLength(3);
  });
});
