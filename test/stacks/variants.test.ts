import { RULES } from "@migration-guard/core";
import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { isGlobalRule, resolveStageConfig } from "../../stacks/config.js";
import { synthesize } from "../../stacks/synth.js";
import { asList, resources } from "../support/stacks.js";

/**
 * Stage settings change what is deployed: a recorder, e-mail subscriptions, rule parameters, a
 * Config rule name prefix, and a region other than the global one (no IAM rules there).
 */

const config = resolveStageConfig(
  "variant",
  {
    default: { globalRegion: "us-east-1" },
    variant: {
      recorder: true,
      alertEmails: ["security@example.com", "ops@example.com"],
      configRuleNamePrefix: "variant-",
      ruleParameters: { "dms-endpoint-tls": { minimumLevel: "strongest" } },
    },
  },
  {},
);

describe("stacks for a stage with a recorder, subscriptions and parameters, outside the global region", () => {
  it("deploys accordingly", async () => {
    const { stacks } = await synthesize({ stage: "variant", region: "eu-west-1", config });
    const rules = stacks.Rules?.template;
    const alerts = stacks.Alerts?.template;
    if (!rules || !alerts) throw new Error("stacks missing");

    // Rules: every regional rule, none on global resources; names carry the prefix.
    const regional = RULES.filter((r) => !isGlobalRule(r));
    const names = Object.values(resources(rules, "AWS::Config::ConfigRule")).map(
      (r) => r.Properties?.ConfigRuleName,
    );
    expect(names.sort()).toEqual(regional.map((r) => `variant-${r.name}`).sort());

    // Parameters from the stage.
    rules.hasResourceProperties("AWS::Config::ConfigRule", {
      ConfigRuleName: "variant-dms-endpoint-tls",
      InputParameters: { minimumLevel: "strongest" },
    });

    // The recorder records every resource type of every regional rule (migration-no-sensitive-data
    // evaluates four DMS types; issue 10: a scope lists every type a rule evaluates, so the
    // recorder records them all), and the rules wait for it.
    const types = [
      "AWS::DMS::Certificate",
      "AWS::DMS::Endpoint",
      "AWS::DMS::ReplicationInstance",
      "AWS::DMS::ReplicationTask",
    ];
    rules.hasResourceProperties("AWS::Config::ConfigurationRecorder", {
      RecordingGroup: { AllSupported: false, IncludeGlobalResourceTypes: false, ResourceTypes: types },
    });
    rules.resourceCountIs("AWS::Config::DeliveryChannel", 1);
    const [recorderId] = Object.keys(resources(rules, "AWS::Config::ConfigurationRecorder"));
    const [channelId] = Object.keys(resources(rules, "AWS::Config::DeliveryChannel"));
    for (const rule of Object.values(resources(rules, "AWS::Config::ConfigRule"))) {
      expect(rule.DependsOn).toEqual(expect.arrayContaining([recorderId, channelId]));
    }
    rules.hasResourceProperties("AWS::S3::Bucket", {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    rules.hasResourceProperties("AWS::S3::BucketPolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
          Match.objectLike({ Sid: "ConfigBucketDelivery", Principal: { Service: "config.amazonaws.com" } }),
        ]),
      },
    });

    // Only AWS Config acting for this account may assume the recorder's role (aws:SourceAccount).
    const recorder = Object.values(resources(rules, "AWS::Config::ConfigurationRecorder"))[0];
    const roleArn = recorder?.Properties?.RoleARN as { "Fn::GetAtt": [string, string] } | undefined;
    const recorderRoleId = roleArn?.["Fn::GetAtt"][0] ?? "";
    expect(resources(rules)[recorderRoleId]?.Properties?.AssumeRolePolicyDocument).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "config.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": { Ref: "AWS::AccountId" } } },
        },
      ],
    });

    // Trigger and notify know the prefixed names.
    const env = Object.values(resources(rules, "AWS::Lambda::Function"))
      .map((f) => (f.Properties?.Environment as { Variables?: Record<string, string> })?.Variables)
      .find((v) => v?.CONFIG_RULES);
    expect(JSON.parse(env?.CONFIG_RULES ?? "{}")).toMatchObject({
      "dms-endpoint-tls": "variant-dms-endpoint-tls",
    });
    // The alert rule watches exactly this stage's (prefixed) rule names.
    const watched = Object.values(resources(alerts, "AWS::Events::Rule")).map(
      (r) =>
        (r.Properties?.EventPattern as { detail?: { configRuleName?: string[] } })?.detail?.configRuleName,
    );
    expect(watched.map((w) => [...(w ?? [])].sort())).toEqual([[...names].sort()]);

    // No IAM API calls are watched outside the global region (IAM events arrive in us-east-1).
    const sources = Object.values(resources(rules, "AWS::Events::Rule")).flatMap((r) =>
      asList((r.Properties?.EventPattern as { source?: string[] } | undefined)?.source ?? []),
    );
    expect(sources).not.toContain("aws.iam");

    // E-mail subscriptions.
    for (const email of ["security@example.com", "ops@example.com"]) {
      alerts.hasResourceProperties("AWS::SNS::Subscription", {
        Protocol: "email",
        Endpoint: email,
        // Undeliverable alert e-mails land in the notify failures queue (alarmed).
        RedrivePolicy: {
          deadLetterTargetArn: { "Fn::GetAtt": [Match.stringLikeRegexp("^NotifyFailures"), "Arn"] },
        },
      });
    }
  });
});
