import { Logger } from "@aws-lambda-powertools/logger";
import {
  AwsClients,
  type DeploymentMode,
  deploymentModeFromEnvironment,
  findRule,
  type HandlerResult,
  handleConfigRuleEvent,
  type MemberAccess,
  memberAccessFor,
} from "@migration-guard/core";

/**
 * AWS Config custom-rule handler for any rule of the registry, chosen by RULE_NAME, so each
 * deployed function gets its own least-privilege role. Parse → core → return; no logic here.
 * MEMBER_ROLE_NAME (and MEMBER_STACK_SET_NAME) select organization mode: see config/mode.ts.
 */

const logger = new Logger({ serviceName: "migration-guard" });
const ruleName = process.env.RULE_NAME ?? "";
const rule = findRule(ruleName);
// Clients are created once per container and reused across invocations.
const clients = new AwsClients();
// The deployment mode is read once; member credentials are cached per account for the container's life.
let setupError: Error | undefined;
let members: MemberAccess | undefined;
try {
  const mode: DeploymentMode = deploymentModeFromEnvironment(process.env);
  members = memberAccessFor(mode, clients);
} catch (error) {
  setupError = error as Error;
}

export async function handler(event: unknown): Promise<HandlerResult> {
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
  return handleConfigRuleEvent(rule, event, {
    clients,
    ...(members ? { members } : {}),
    log: {
      info: (message, extra) => logger.info(message, extra ?? {}),
      error: (message, extra) => logger.error(message, extra ?? {}),
    },
  });
}
