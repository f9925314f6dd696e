import { collectorActions, findRule } from "@migration-guard/core";
import { remediationOf } from "@migration-guard/core/remediate/plan.js";
import {
  formatRemediationSettings,
  type RemediationSettings,
} from "@migration-guard/core/remediate/settings.js";
import { Aws, Stack } from "aws-cdk-lib";
import * as config from "aws-cdk-lib/aws-config";
import * as iam from "aws-cdk-lib/aws-iam";
import * as ssm from "aws-cdk-lib/aws-ssm";
import { type StackContext, use } from "sst/constructs";
import { Alerts } from "./Alerts.js";
import { deployedRules, pascal, useStageConfig } from "./context.js";
import { scopedStatements } from "./iam-scope.js";
import { appFunction, arnIn } from "./lambda.js";
import { suppressRemediation, suppressSstInternals } from "./nag.js";
import { Rules } from "./Rules.js";

/**
 * Remediation (account mode, opt-in per rule with the stage setting `remediation`): one
 * remediation function (functions/remediate.ts, the executor `migration-guard remediate --apply`
 * uses), an SSM Automation document (schemaVersion 0.3) whose one aws:invokeLambdaFunction step
 * invokes it with the rule name and the resource id, the role Automation assumes (allowed
 * lambda:InvokeFunction on that function and nothing else), and per enabled rule an
 * AWS::Config::RemediationConfiguration targeting the document (automatic mode with
 * MaximumAutomaticAttempts and RetryAttemptSeconds). AWS Config has no remediation configurations
 * for organization rules, so organization mode refuses the setting (stacks/config.ts).
 *
 * Least privilege: the function may read what its rules' live evaluation reads (the rule's
 * collector actions), make the writes and live reads of the enabled remediations, scoped to the
 * resources they touch, and publish to the alert topic (with its KMS key). The rule functions
 * stay read-only.
 */

/** The resources each remediation action may touch (Service Authorization Reference: IAM, MGN). */
function remediationResources(action: string): string[] {
  const iamArn = (resource: string) => `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:${resource}`;
  switch (action) {
    case "iam:ListAccessKeys":
    case "iam:GetUser":
    case "iam:UpdateAccessKey":
      return [iamArn("user/*")];
    case "iam:GetPolicy":
    case "iam:GetPolicyVersion":
    case "iam:CreatePolicy":
      return [iamArn("policy/migration-guard/*")];
    case "mgn:UpdateReplicationConfigurationTemplate":
      return [arnIn("mgn", "replication-configuration-template/*")];
    case "mgn:UpdateReplicationConfiguration":
      return [arnIn("mgn", "source-server/*")];
    default:
      return ["*"];
  }
}

function remediationStatements(rules: readonly string[]): iam.PolicyStatement[] {
  const actions = new Set<string>();
  let boundary = false;
  for (const name of rules) {
    const remediation = remediationOf(name);
    for (const action of [...(remediation?.reads ?? []), ...(remediation?.writes ?? [])]) {
      if (action === "iam:PutUserPermissionsBoundary") boundary = true;
      else actions.add(action);
    }
  }
  const byScope = new Map<string, string[]>();
  for (const action of [...actions].sort()) {
    const key = JSON.stringify(remediationResources(action));
    byScope.set(key, [...(byScope.get(key) ?? []), action]);
  }
  const statements = [...byScope.entries()].map(
    ([resources, list], i) =>
      new iam.PolicyStatement({ sid: `Remediate${i}`, actions: list, resources: JSON.parse(resources) }),
  );
  if (boundary)
    statements.push(
      new iam.PolicyStatement({
        sid: "SetExpiryBoundary",
        actions: ["iam:PutUserPermissionsBoundary"],
        resources: [`arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:user/*`],
        // Only the boundaries this app creates (IAM condition key iam:PermissionsBoundary).
        conditions: {
          ArnLike: {
            "iam:PermissionsBoundary": `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:policy/migration-guard/migration-guard-expiry-*`,
          },
        },
      }),
    );
  return statements;
}

/** The SSM Automation document (schemaVersion 0.3): one step that invokes the remediation function. */
function automationContent(functionName: string, rules: readonly string[]): Record<string, unknown> {
  return {
    schemaVersion: "0.3",
    description: "migration-guard: remediate one resource a migration-guard rule found NON_COMPLIANT",
    assumeRole: "{{ AutomationAssumeRole }}",
    parameters: {
      AutomationAssumeRole: {
        type: "String",
        description: "The role Automation assumes to invoke the function",
      },
      RuleName: { type: "String", description: "The migration-guard rule", allowedValues: [...rules] },
      ResourceId: {
        type: "String",
        description: "The resource id AWS Config passes (RESOURCE_ID)",
        allowedPattern: "^[A-Za-z0-9:/_+=,.@-]{1,1024}$",
      },
    },
    mainSteps: [
      {
        name: "Remediate",
        action: "aws:invokeLambdaFunction",
        timeoutSeconds: 300,
        onFailure: "Abort",
        inputs: {
          FunctionName: functionName,
          InvocationType: "RequestResponse",
          InputPayload: { ruleName: "{{ RuleName }}", resourceId: "{{ ResourceId }}" },
        },
      },
    ],
  };
}

export function Remediation({ stack, app }: StackContext) {
  const stage = useStageConfig(app);
  const { topic } = use(Alerts);
  const { configRules } = use(Rules);
  const deployed = new Map(deployedRules(app).map((d) => [d.rule.name, d.configRuleName]));
  // Only the rules this region deploys (IAM rules live in the global region).
  const settings: RemediationSettings = Object.fromEntries(
    Object.entries(stage.remediation).filter(([name]) => deployed.has(name)),
  );
  const names = Object.keys(settings).sort();
  if (names.length === 0) return {};

  const fn = appFunction(stack, "Remediate", {
    handler: "functions/remediate.handler",
    description: `remediation (${names.join(", ")})`,
    environment: {
      REMEDIATION_SETTINGS: formatRemediationSettings(settings),
      RULE_PARAMETERS: JSON.stringify(
        Object.fromEntries(names.map((n) => [n, stage.ruleParameters[n] ?? {}])),
      ),
      TOPIC_ARN: topic.topicArn,
    },
    timeout: 240,
    logRetentionDays: stage.logRetentionDays,
    alarmTopic: topic,
  });
  const reads = names.flatMap((n) => {
    const rule = findRule(n);
    return rule ? collectorActions(rule) : [];
  });
  for (const statement of scopedStatements([...new Set(reads)].sort(), "EvaluateRule"))
    fn.role.addToPrincipalPolicy(statement);
  for (const statement of remediationStatements(names)) fn.role.addToPrincipalPolicy(statement);
  topic.grantPublish(fn.role);
  suppressSstInternals(stack);
  suppressRemediation(fn.fn, fn.role);

  const automationRole = new iam.Role(stack, "RemediationAutomationRole", {
    assumedBy: new iam.ServicePrincipal("ssm.amazonaws.com").withConditions({
      StringEquals: { "aws:SourceAccount": Aws.ACCOUNT_ID },
    }),
    description: "migration-guard: SSM Automation invokes the remediation function",
  });
  automationRole.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: "InvokeRemediation",
      actions: ["lambda:InvokeFunction"],
      resources: [fn.fn.functionArn],
    }),
  );
  const document = new ssm.CfnDocument(stack, "RemediationDocument", {
    documentType: "Automation",
    documentFormat: "JSON",
    content: automationContent(fn.fn.functionName, names),
  });

  const remediations = names.map((name) => {
    const setting = settings[name];
    const configRuleName = deployed.get(name) ?? name;
    const automatic = setting?.mode === "automatic";
    const remediation = new config.CfnRemediationConfiguration(stack, `Remediate${pascal(name)}`, {
      configRuleName,
      targetType: "SSM_DOCUMENT",
      targetId: document.ref,
      parameters: {
        AutomationAssumeRole: { StaticValue: { Values: [automationRole.roleArn] } },
        RuleName: { StaticValue: { Values: [name] } },
        ResourceId: { ResourceValue: { Value: "RESOURCE_ID" } },
      },
      automatic,
      ...(automatic
        ? {
            maximumAutomaticAttempts: setting?.maximumAutomaticAttempts,
            retryAttemptSeconds: setting?.retryAttemptSeconds,
          }
        : {}),
    });
    // The Config rule must exist first (it is in the Rules stack).
    const rule = configRules.find((r) => r.configRuleName === configRuleName);
    if (rule) Stack.of(remediation).addDependency(Stack.of(rule));
    return remediation;
  });
  return { fn, document, automationRole, remediations };
}
