import { Logger } from "@aws-lambda-powertools/logger";
import { AwsClients } from "@migration-guard/core";
import { preloadBundledSdk } from "@migration-guard/core/aws/sdk.js";
import { handleRemediation, type RemediationResult } from "@migration-guard/core/remediate/handler.js";
import { parseRemediationEnvironment } from "@migration-guard/core/remediate/settings.js";
import type { Context } from "aws-lambda";

/**
 * The remediation function (stacks/Remediation.ts): invoked by the stack's SSM Automation document
 * with `{ ruleName, resourceId }`; the logic is in packages/core/src/remediate/handler.ts.
 * REMEDIATION_SETTINGS: the stage's enabled remediations; RULE_PARAMETERS: the rules' parameters;
 * TOPIC_ARN: the alert topic each applied action is published to.
 */

const logger = new Logger({ serviceName: "migration-guard" });
// The bundle's SDK clients load here, in Lambda's init phase (aws/sdk.ts preloadBundledSdk).
export const sdkPreloaded = await preloadBundledSdk();
const settings = parseRemediationEnvironment(process.env.REMEDIATION_SETTINGS);
const parameters = JSON.parse(process.env.RULE_PARAMETERS ?? "{}") as Record<string, Record<string, string>>;
const topicArn = process.env.TOPIC_ARN ?? "";
const clients = new AwsClients();

export async function handler(event: unknown, context?: Context): Promise<RemediationResult> {
  if (context) logger.addContext(context);
  if (!topicArn) throw new Error("TOPIC_ARN is not set");
  try {
    return await handleRemediation(event, { clients, settings, parameters, topicArn, log: logger });
  } catch (error) {
    logger.error("Remediation failed", { error: (error as Error).message });
    throw error;
  }
}
