import { Logger } from "@aws-lambda-powertools/logger";
import {
  AwsClients,
  assumeRoleClientOf,
  deploymentModeFromEnvironment,
  handleOrganizationTriggerBatch,
  handleTriggerBatch,
  MemberAccess,
  type OrganizationTriggerDeps,
  organizationTriggerSettings,
  parseDeployedRules,
  TRIGGER_SESSION_POLICY,
  type TriggerResult,
} from "@migration-guard/core";
import { preloadBundledSdk } from "@migration-guard/core/aws/sdk.js";
import type { Context } from "aws-lambda";

/**
 * SQS (CloudTrail API calls from EventBridge) → StartConfigRulesEvaluation for the affected rules.
 * Account mode: in this account. Organization mode (MEMBER_ROLE_NAME set): in the account where
 * each call happened, through the member role. Returns the SQS partial batch response; the logic
 * is in packages/core/src/trigger/. Every log line carries the Lambda context (request id, cold start).
 */

const logger = new Logger({ serviceName: "migration-guard" });
// The bundle's SDK clients load here, in Lambda's init phase (aws/sdk.ts preloadBundledSdk).
export const sdkPreloaded = await preloadBundledSdk();
const rules = parseDeployedRules(process.env.CONFIG_RULES);
const clients = new AwsClients();

/** Organization mode: member access (credentials cached per account for the container's life). */
function organizationDeps(): OrganizationTriggerDeps | undefined {
  const mode = deploymentModeFromEnvironment(process.env);
  if (mode.mode === "account") return undefined;
  const members = new MemberAccess({
    roleName: mode.roleName,
    region: mode.region,
    sts: assumeRoleClientOf(clients),
    sessionName: "migration-guard-trigger",
    sessionPolicy: TRIGGER_SESSION_POLICY,
    ...(mode.stackSetName ? { stackSetName: mode.stackSetName } : {}),
  });
  return {
    memberConfig: async (accountId) => (await (await members.clients(accountId)).use("config")).client,
    rules,
    ...organizationTriggerSettings(process.env),
    log: logger,
  };
}
const organization = organizationDeps();

export async function handler(event: unknown, context?: Context): Promise<TriggerResult> {
  if (context) logger.addContext(context);
  const result = organization
    ? await handleOrganizationTriggerBatch(event, organization)
    : await handleTriggerBatch(event, { config: (await clients.use("config")).client, rules, log: logger });
  if (result.batchItemFailures.length > 0)
    logger.info("Messages left for retry", { count: result.batchItemFailures.length });
  return result;
}
