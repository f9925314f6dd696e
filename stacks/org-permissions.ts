import { Aws, CfnResource, type Stack, Token } from "aws-cdk-lib";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { CLOUDFORMATION_RESOURCE_LIMIT } from "./org-limits.js";

/**
 * Organization mode's invoke permissions: AWS Config of each evaluated account may invoke the
 * rule functions, one AWS::Lambda::Permission per account and function (`Principal`
 * config.amazonaws.com, `SourceAccount` <account id>).
 *
 * Why per account: a permission conditioned on `PrincipalOrgID` never matches a service
 * principal (a request AWS Config makes carries no aws:PrincipalOrgID), and AddPermission has no
 * SourceOrgID: its request shape (Lambda API model, AddPermissionRequest) has Action,
 * EventSourceToken, FunctionName, FunctionUrlAuthType, InvokedViaFunctionUrl, Principal,
 * PrincipalOrgID, Qualifier, RevisionId, SourceAccount (`\d{12}`: one account), SourceArn and
 * StatementId, and AWS::Lambda::Permission has the same properties. So the accounts come from the
 * stage settings (organization.memberAccounts): no AWS call at synth, and the function stays
 * closed to every account not listed.
 *
 * Limits:
 * - a function's resource-based policy holds at most 20 KB ("Function resource-based policy:
 *   20 KB", Lambda quotas, https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html;
 *   AddPermission answers PolicyLengthExceededException beyond it): see stacks/org-limits.ts;
 * - a CloudFormation template declares at most 500 resources (CloudFormation quotas,
 *   https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html):
 *   accounts × rule functions permissions must fit beside the stack's other resources.
 */

/**
 * The accounts whose AWS Config may invoke the rule functions: the administrator (this stack's
 * account: the organization rules run there too unless it is excluded) and the member accounts.
 */
function invokeAccounts(stack: Stack, memberAccounts: readonly string[]): string[] {
  const administrator = Token.isUnresolved(stack.account) ? Aws.ACCOUNT_ID : stack.account;
  return [administrator, ...memberAccounts.filter((account) => account !== administrator)];
}

/** One permission per account for `fn`; returns them (the organization rule depends on them). */
function memberInvokePermissions(
  stack: Stack,
  id: string,
  fn: lambda.IFunction,
  accounts: readonly string[],
): lambda.CfnPermission[] {
  return accounts.map(
    (account) =>
      new lambda.CfnPermission(
        stack,
        Token.isUnresolved(account) ? `Rule${id}ConfigInvoke` : `Rule${id}ConfigInvoke${account}`,
        {
          action: "lambda:InvokeFunction",
          functionName: fn.functionArn,
          principal: "config.amazonaws.com",
          sourceAccount: account,
        },
      ),
  );
}

/** Refuse, at synth, a stack over CloudFormation's resource quota with one line naming the cause. */
function limitResources(stack: Stack, stage: string, accounts: number, functions: number): void {
  stack.node.addValidation({
    validate: () => {
      const count = stack.node.findAll().filter((c) => c instanceof CfnResource).length;
      if (count <= CLOUDFORMATION_RESOURCE_LIMIT) return [];
      const others = count - accounts * functions;
      const fit = Math.floor((CLOUDFORMATION_RESOURCE_LIMIT - others) / functions) - 1;
      return [
        `stage ${stage}: organization.memberAccounts: ${accounts} accounts × ${functions} rule functions need ` +
          `${accounts * functions} Lambda permissions; with the stack's ${others} other resources that is ${count}, ` +
          `over CloudFormation's ${CLOUDFORMATION_RESOURCE_LIMIT} resources per template: at most ${Math.max(fit, 0)} member accounts fit`,
      ];
    },
  });
}

export { invokeAccounts, limitResources, memberInvokePermissions };
