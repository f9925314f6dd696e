import { Logger } from "@aws-lambda-powertools/logger";
import { AwsClients, findRule, type HandlerResult, handleConfigRuleEvent } from "@migration-guard/core";

/**
 * AWS Config custom-rule handler for any rule of the registry, chosen by RULE_NAME, so each
 * deployed function gets its own least-privilege role. Parse → core → return; no logic here.
 */

const logger = new Logger({ serviceName: "migration-guard" });
const ruleName = process.env.RULE_NAME ?? "";
const rule = findRule(ruleName);
// Clients are created once per container and reused across invocations.
const clients = new AwsClients();

export async function handler(event: unknown): Promise<HandlerResult> {
  if (!rule) {
    const message = `RULE_NAME ${JSON.stringify(ruleName)} is not a migration-guard rule`;
    logger.error(message);
    throw new Error(message);
  }
  logger.appendKeys({ rule: rule.name });
  return handleConfigRuleEvent(rule, event, {
    clients,
    log: {
      info: (message, extra) => logger.info(message, extra ?? {}),
      error: (message, extra) => logger.error(message, extra ?? {}),
    },
  });
}
