import { apiCallPatterns, formatDeployedRules } from "@migration-guard/core";
import type { DeployedRule } from "@migration-guard/core/deploy/deployed-rules.js";
import { Aws } from "aws-cdk-lib";
import * as events from "aws-cdk-lib/aws-events";
import type * as sns from "aws-cdk-lib/aws-sns";
import type { Construct } from "constructs";
import { assumeMemberRole } from "./assume-member.js";
import type { OrganizationConfig } from "./config.js";
import { type AppFunction, reEvaluation } from "./lambda.js";

/**
 * Organization mode's event-driven re-evaluation, in the administrator account: the members'
 * CloudTrail API calls (forwarded by the member template to this account's default bus, whose
 * policy admits the organization) → the same queue, dead-letter queue and trigger as in account
 * mode (stacks/lambda.ts `reEvaluation`), the trigger in organization mode
 * (packages/core/src/trigger/organization.ts).
 *
 * The EventBridge rules match calls of other accounts only (`account` anything-but this account
 * and the excluded accounts): the administrator's own calls are not acted on. The trigger's role
 * may do nothing but sts:AssumeRole on the member role in accounts of this organization
 * (aws:ResourceOrgID), from its own code (lambda:SourceFunctionArn), as the rule functions
 * (stacks/assume-member.ts); in the member it calls config:DescribeConfigRules
 * and config:StartConfigRulesEvaluation (granted by the member role, narrowed by a session policy).
 *
 * IAM API calls reach EventBridge in us-east-1 only, and the member stacks run in this region
 * (the StackSet's one region): the IAM rules' re-evaluation fires where this deployment is in
 * us-east-1 (the default globalRegion, where the IAM rules are deployed); a deployment elsewhere
 * has IAM patterns only if globalRegion names that region, and they never match there.
 */

interface OrganizationReEvaluationProps {
  rules: readonly DeployedRule[];
  org: OrganizationConfig;
  logRetentionDays: number;
  topic: sns.ITopic;
}

/** The trigger function, or undefined when no deployed rule is changed by an API call. */
function organizationReEvaluation(
  scope: Construct,
  props: OrganizationReEvaluationProps,
): AppFunction | undefined {
  const { org } = props;
  const patterns = apiCallPatterns(props.rules.map((r) => r.rule));
  if (patterns.length === 0) return undefined;
  const { trigger } = reEvaluation(scope, {
    patterns,
    environment: {
      CONFIG_RULES: formatDeployedRules(props.rules),
      MEMBER_ROLE_NAME: org.memberRoleName,
      MEMBER_STACK_SET_NAME: org.memberStackSetName,
      ADMINISTRATOR_ACCOUNT_ID: Aws.ACCOUNT_ID,
      EXCLUDED_ACCOUNTS: org.excludedAccounts.join(","),
    },
    logRetentionDays: props.logRetentionDays,
    topic: props.topic,
    account: events.Match.anythingBut(Aws.ACCOUNT_ID, ...org.excludedAccounts),
  });
  assumeMemberRole(scope, "TriggerAssumeMemberRole", trigger, org);
  return trigger;
}

export type { OrganizationReEvaluationProps };
export { organizationReEvaluation };
