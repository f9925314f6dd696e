import { Aws } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import { NagSuppressions } from "cdk-nag";
import type { Construct } from "constructs";
import type { OrganizationConfig } from "./config.js";
import type { AppFunction } from "./lambda.js";

/**
 * Organization mode: what a function of the administrator account (a rule function or the
 * trigger) may do itself, namely sts:AssumeRole on the member role in accounts of this organization
 * (aws:ResourceOrgID), and only from the function's own code: `lambda:SourceFunctionArn` is the
 * ARN of the function whose execution environment made the request, which Lambda injects into the
 * credentials' context; it is an identity-policy key (not usable in a resource-based policy such
 * as the member role's trust policy), compared with an ARN operator (Lambda developer guide,
 * "Using source function ARN to control function access behavior"). So a principal allowed to
 * pass the function's role to other code (a new function, an EC2 instance) cannot use it to
 * reach the members.
 *
 * A policy of its own, not the role's default policy: the function depends on its role (and so
 * on the role's default policy), and this policy names the function's ARN.
 */
function assumeMemberRole(
  scope: Construct,
  id: string,
  fn: AppFunction,
  org: Pick<OrganizationConfig, "memberRoleName" | "organizationId">,
): iam.Policy {
  const policy = new iam.Policy(scope, id, {
    roles: [fn.role],
    statements: [
      new iam.PolicyStatement({
        sid: "AssumeMemberRole",
        actions: ["sts:AssumeRole"],
        resources: [`arn:${Aws.PARTITION}:iam::*:role/${org.memberRoleName}`],
        conditions: {
          StringEquals: { "aws:ResourceOrgID": org.organizationId },
          ArnEquals: { "lambda:SourceFunctionArn": fn.fn.functionArn },
        },
      }),
    ],
  });
  NagSuppressions.addResourceSuppressions(policy, [
    {
      id: "AwsSolutions-IAM5",
      reason:
        "the member role, by name, in any account: which accounts is decided by the conditions (aws:ResourceOrgID = this organization, lambda:SourceFunctionArn = this function) and by the member role's trust policy; member account ids are not known when deploying",
      appliesTo: [`Resource::arn:<AWS::Partition>:iam::*:role/${org.memberRoleName}`],
    },
  ]);
  return policy;
}

export { assumeMemberRole };
