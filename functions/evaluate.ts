import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import {
  ApiCallCounter,
  AwsClients,
  type DeploymentMode,
  deploymentModeFromEnvironment,
  findRule,
  type HandlerResult,
  handleConfigRuleEvent,
  type MemberAccess,
  memberAccessFor,
} from "@migration-guard/core";
import { preloadBundledSdk } from "@migration-guard/core/aws/sdk.js";
import type { Context } from "aws-lambda";

/**
 * AWS Config custom-rule handler for any rule of the registry, chosen by RULE_NAME, so each
 * deployed function gets its own least-privilege role. Parse → core → return; no logic here.
 * MEMBER_ROLE_NAME (and MEMBER_STACK_SET_NAME) select organization mode: see packages/core/src/config/mode.ts.
 * Every log line carries the Lambda context (request id, cold start); the invocation's metrics
 * (packages/core/src/config/handler.ts, `Metrics`) are flushed as one EMF line when it ends.
 */

const logger = new Logger({ serviceName: "migration-guard" });
// The bundle's SDK clients load here, in Lambda's init phase (aws/sdk.ts preloadBundledSdk).
export const sdkPreloaded = await preloadBundledSdk();
const metrics = new Metrics({ namespace: "MigrationGuard", serviceName: "migration-guard" });
const ruleName = process.env.RULE_NAME ?? "";
const rule = findRule(ruleName);
// Clients are created once per container and reused across invocations; every SDK client counts its calls.
const apiCalls = new ApiCallCounter();
const clients = new AwsClients({ configure: apiCalls.configure });
// The deployment mode is read once; member credentials are cached per account for the container's life.
let setupError: Error | undefined;
let members: MemberAccess | undefined;
try {
  const mode: DeploymentMode = deploymentModeFromEnvironment(process.env);
  members = memberAccessFor(mode, clients, { configure: apiCalls.configure });
} catch (error) {
  setupError = error as Error;
}

export async function handler(event: unknown, context?: Context): Promise<HandlerResult> {
  if (context) logger.addContext(context);
  if (!rule) {
    const message = `RULE_NAME ${JSON.stringify(ruleName)} is not a migration-guard rule`;
    logger.error(message);
    throw new Error(message);
  }
  if (setupError) {
    logger.error(setupError.message);
    throw setupError;
  }
  logger.appendKeys({ rule: rule.name });
  apiCalls.reset();
  try {
    return await handleConfigRuleEvent(rule, event, {
      clients,
      ...(members ? { members } : {}),
      log: logger,
      metrics,
      apiCalls: () => apiCalls.count,
    });
  } finally {
    metrics.publishStoredMetrics();
  }
}
