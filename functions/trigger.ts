import { Logger } from "@aws-lambda-powertools/logger";
import {
  AwsClients,
  handleTriggerBatch,
  parseDeployedRules,
  type TriggerResult,
} from "@migration-guard/core";

/**
 * SQS (CloudTrail API calls from EventBridge) → StartConfigRulesEvaluation for the affected rules.
 * Returns the SQS partial batch response; the logic is in packages/core/src/trigger/.
 */

const logger = new Logger({ serviceName: "migration-guard" });
const rules = parseDeployedRules(process.env.CONFIG_RULES);
const clients = new AwsClients();

export async function handler(event: unknown): Promise<TriggerResult> {
  const result = await handleTriggerBatch(event, {
    config: (await clients.use("config")).client,
    rules,
    log: {
      info: (message, extra) => logger.info(message, extra ?? {}),
      error: (message, extra) => logger.error(message, extra ?? {}),
    },
  });
  if (result.batchItemFailures.length > 0)
    logger.info("Messages left for retry", { count: result.batchItemFailures.length });
  return result;
}
