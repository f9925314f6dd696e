import { Logger } from "@aws-lambda-powertools/logger";
import {
  AwsClients,
  handleComplianceChange,
  type NotifyResult,
  parseDeployedRules,
} from "@migration-guard/core";

/**
 * EventBridge `Config Rules Compliance Change` → SNS alert; the logic is in packages/core/src/notify/.
 */

const logger = new Logger({ serviceName: "migration-guard" });
const rules = parseDeployedRules(process.env.CONFIG_RULES);
const topicArn = process.env.TOPIC_ARN ?? "";
const clients = new AwsClients();

export async function handler(event: unknown): Promise<NotifyResult> {
  if (!topicArn) throw new Error("TOPIC_ARN is not set");
  try {
    return await handleComplianceChange(event, {
      sns: (await clients.use("sns")).client,
      topicArn,
      rules,
      log: {
        info: (message, extra) => logger.info(message, extra ?? {}),
        error: (message, extra) => logger.error(message, extra ?? {}),
      },
    });
  } catch (error) {
    logger.error("Alert failed", { error: (error as Error).message });
    throw error;
  }
}
