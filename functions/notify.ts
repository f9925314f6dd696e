import { Logger } from "@aws-lambda-powertools/logger";
import {
  AwsClients,
  describeAccountName,
  handleComplianceChange,
  type NotifyResult,
  OrganizationAccountNames,
  parseDeployedRules,
} from "@migration-guard/core";

/**
 * EventBridge `Config Rules Compliance Change` → SNS alert; the logic is in packages/core/src/notify/.
 * ACCOUNT_NAMES=organizations (organization mode): member account names from Organizations.
 */

const logger = new Logger({ serviceName: "migration-guard" });
const rules = parseDeployedRules(process.env.CONFIG_RULES);
const topicArn = process.env.TOPIC_ARN ?? "";
const clients = new AwsClients();
const log = {
  info: (message: string, extra?: Record<string, unknown>) => logger.info(message, extra ?? {}),
  error: (message: string, extra?: Record<string, unknown>) => logger.error(message, extra ?? {}),
};
// Cached for the container's life.
const accountNames =
  process.env.ACCOUNT_NAMES === "organizations"
    ? new OrganizationAccountNames({ describeAccountName: describeAccountName(clients), log })
    : undefined;

export async function handler(event: unknown): Promise<NotifyResult> {
  if (!topicArn) throw new Error("TOPIC_ARN is not set");
  try {
    return await handleComplianceChange(event, {
      sns: (await clients.use("sns")).client,
      topicArn,
      rules,
      log,
      ...(accountNames ? { accountNames } : {}),
    });
  } catch (error) {
    logger.error("Alert failed", { error: (error as Error).message });
    throw error;
  }
}
