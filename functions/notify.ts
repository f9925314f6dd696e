import { Logger } from "@aws-lambda-powertools/logger";
import {
  AwsClients,
  describeAccountName,
  handleComplianceChange,
  type NotifyResult,
  OrganizationAccountNames,
  parseDeployedRules,
} from "@migration-guard/core";
import { preloadBundledSdk } from "@migration-guard/core/aws/sdk.js";
import type { Context } from "aws-lambda";

/**
 * EventBridge `Config Rules Compliance Change` → SNS alert; the logic is in packages/core/src/notify/.
 * ACCOUNT_NAMES=organizations (organization mode): member account names from Organizations.
 * Every log line carries the Lambda context (request id, cold start).
 */

const logger = new Logger({ serviceName: "migration-guard" });
// The bundle's SDK clients load here, in Lambda's init phase (aws/sdk.ts preloadBundledSdk).
export const sdkPreloaded = await preloadBundledSdk();
const rules = parseDeployedRules(process.env.CONFIG_RULES);
const topicArn = process.env.TOPIC_ARN ?? "";
const clients = new AwsClients();
// Cached for the container's life.
const organization = process.env.ACCOUNT_NAMES === "organizations";
const accountNames = organization
  ? new OrganizationAccountNames({ describeAccountName: describeAccountName(clients), log: logger })
  : undefined;

export async function handler(event: unknown, context?: Context): Promise<NotifyResult> {
  if (context) logger.addContext(context);
  if (!topicArn) throw new Error("TOPIC_ARN is not set");
  try {
    return await handleComplianceChange(event, {
      sns: (await clients.use("sns")).client,
      topicArn,
      rules,
      log: logger,
      // Organization mode alerts on the member instances of the organization rules only.
      mode: organization ? "organization" : "account",
      ...(accountNames ? { accountNames } : {}),
    });
  } catch (error) {
    logger.error("Alert failed", { error: (error as Error).message });
    throw error;
  }
}
