import { Logger } from "@aws-lambda-powertools/logger";
import {
  AwsClients,
  handleTriggerBatch,
  parseDeployedRules,
  type TriggerResult,
} from "@migration-guard/core";
import type { Context } from "aws-lambda";

/**
 * SQS (CloudTrail API calls from EventBridge) → StartConfigRulesEvaluation for the affected rules.
 * Returns the SQS partial batch response; the logic is in packages/core/src/trigger/.
 * Every log line carries the Lambda context (request id, cold start).
 */

const logger = new Logger({ serviceName: "migration-guard" });
const rules = parseDeployedRules(process.env.CONFIG_RULES);
const clients = new AwsClients();

export async function handler(event: unknown, context?: Context): Promise<TriggerResult> {
  if (context) logger.addContext(context);
  const result = await handleTriggerBatch(event, {
    config: (await clients.use("config")).client,
    rules,
    log: logger,
  });
  if (result.batchItemFailures.length > 0)
    logger.info("Messages left for retry", { count: result.batchItemFailures.length });
  return result;
}
