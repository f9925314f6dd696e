import type { SNSClient } from "@aws-sdk/client-sns";
import { classifyAwsError } from "../aws/errors.js";
import { loadSdk } from "../aws/sdk.js";
import type { Log } from "../config/handler.js";
import type { DeployedRule } from "../deploy/deployed-rules.js";
import type { AccountNames } from "./account-names.js";
import { alertFor, parseComplianceChange } from "./message.js";

/**
 * Compliance change (EventBridge, `aws.config`) → SNS alert. Publishes at most one message per
 * event; events that are not alerts are logged and skipped. A failing Publish fails the
 * invocation, so Lambda retries it and then sends it to the function's failure destination.
 */

interface NotifyDeps {
  sns: Pick<SNSClient, "send">;
  topicArn: string;
  rules: readonly DeployedRule[];
  log?: Log;
  /** Organization mode: names of member accounts, shown beside their ids. */
  accountNames?: AccountNames;
}

interface NotifyResult {
  published: boolean;
  kind?: "non-compliant" | "recovered";
  messageId?: string;
}

async function handleComplianceChange(event: unknown, deps: NotifyDeps): Promise<NotifyResult> {
  const change = parseComplianceChange(event);
  const deployed = deps.rules;
  // Look a name up only for an event that is an alert (without the name, to decide).
  const accountName =
    deps.accountNames && alertFor(change, deployed)
      ? await deps.accountNames.name(change.account)
      : undefined;
  const alert = alertFor(change, deployed, accountName);
  const context = {
    configRule: change.configRuleName,
    resourceType: change.resourceType,
    resourceId: change.resourceId,
    compliance: `${change.oldCompliance ?? "none"} -> ${change.newCompliance}`,
  };
  if (!alert) {
    deps.log?.info("Compliance change is not an alert", context);
    return { published: false };
  }
  try {
    const { PublishCommand } = await loadSdk("sns");
    const output = await deps.sns.send(
      new PublishCommand({ TopicArn: deps.topicArn, Subject: alert.subject, Message: alert.message }),
    );
    deps.log?.info("Alert published", { ...context, kind: alert.kind, messageId: output.MessageId });
    return {
      published: true,
      kind: alert.kind,
      ...(output.MessageId ? { messageId: output.MessageId } : {}),
    };
  } catch (error) {
    throw classifyAwsError(error, "sns:Publish");
  }
}

export type { NotifyDeps, NotifyResult };
export { handleComplianceChange };
