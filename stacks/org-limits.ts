/**
 * Quotas that bound organization mode's per-account invoke permissions (stacks/org-permissions.ts),
 * without the CDK so that the stage settings can be checked against them (stacks/config.ts).
 */

/** Lambda's quota on a function's resource-based policy, in bytes (20 KB). */
const LAMBDA_POLICY_LIMIT_BYTES = 20 * 1024;
/** CloudFormation's quota on the resources a template declares. */
const CLOUDFORMATION_RESOURCE_LIMIT = 500;

/**
 * The largest statement one permission adds to a function's policy: StatementId at its model
 * maximum (100), the longest partition and region, a 64-character function name.
 */
function invokeStatementBytes(): number {
  const statement = {
    Sid: "s".repeat(100),
    Effect: "Allow",
    Principal: { Service: "config.amazonaws.com" },
    Action: "lambda:InvokeFunction",
    Resource: `arn:aws-us-gov:lambda:ap-southeast-5:123456789012:function:${"f".repeat(64)}`,
    Condition: { StringEquals: { "AWS:SourceAccount": "123456789012" } },
  };
  return JSON.stringify(statement).length;
}

/** How many accounts' statements fit in one function policy (the administrator's included). */
function maxInvokeAccounts(): number {
  const envelope = JSON.stringify({ Version: "2012-10-17", Id: "default", Statement: [] }).length;
  // Statements are separated by one comma.
  return Math.floor((LAMBDA_POLICY_LIMIT_BYTES - envelope + 1) / (invokeStatementBytes() + 1));
}

const MAX_INVOKE_ACCOUNTS = maxInvokeAccounts();

export {
  CLOUDFORMATION_RESOURCE_LIMIT,
  invokeStatementBytes,
  LAMBDA_POLICY_LIMIT_BYTES,
  MAX_INVOKE_ACCOUNTS,
};
