import type { SNSClient } from "@aws-sdk/client-sns";
import { classifyAwsError } from "../aws/errors.js";
import { loadSdk } from "../aws/sdk.js";
import type { Log } from "../config/handler.js";
import type { DeployedRule } from "../deploy/deployed-rules.js";
import { excerpt } from "../util/excerpt.js";
import type { AccountNames } from "./account-names.js";
import { type AlertMode, alertFor, parseComplianceChange } from "./message.js";

/**
 * Compliance change (EventBridge, `aws.config`) → SNS alert. Publishes at most one message per
 * event; events that are not alerts are logged and skipped. A failing Publish fails the
 * invocation, so Lambda retries it and then sends it to the function's failure destination.
 */

/** Longest event field logged: ComplianceResourceType's limit (256), ids are cut. */
const LOGGED_MAX = 256;

interface NotifyDeps {
  sns: Pick<SNSClient, "send">;
  topicArn: string;
  rules: readonly DeployedRule[];
  log?: Log;
  /**
   * `organization`: only member instances of the organization rules (`OrgConfigRule-<name>-<suffix>`)
   * are alerted on; `account` (default): only the rules' own names.
   */
  mode?: AlertMode;
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
  const mode = deps.mode ?? "account";
  // Look a name up only for an event that is an alert (without the name, to decide).
  const accountName =
    deps.accountNames && alertFor(change, deployed, undefined, mode)
      ? await deps.accountNames.name(change.account)
      : undefined;
  const alert = alertFor(change, deployed, accountName, mode);
  const context = {
    // Event fields, logged bounded and without control characters.
    configRule: excerpt(change.configRuleName, LOGGED_MAX),
    resourceType: excerpt(change.resourceType, LOGGED_MAX),
    resourceId: excerpt(change.resourceId, LOGGED_MAX),
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
