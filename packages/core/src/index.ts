export { ApiCallCounter } from "./aws/api-calls.js";
export { AwsClients } from "./aws/clients.js";
export type { MemberAccessOptions } from "./aws/member-access.js";
export { assumeRoleClientOf, MemberAccess } from "./aws/member-access.js";
export { MemberAccessError } from "./aws/member-checks.js";
export { describeAccountName } from "./aws/organization.js";
export type { HandlerDeps, HandlerResult, Log, Metrics } from "./config/handler.js";
export { handleConfigRuleEvent } from "./config/handler.js";
export type { DeploymentMode } from "./config/mode.js";
export { deploymentModeFromEnvironment, memberAccessFor } from "./config/mode.js";
export type { DeployedRule } from "./deploy/deployed-rules.js";
export {
  deployedRuleFor,
  formatDeployedRules,
  memberRuleNamePrefix,
  parseDeployedRules,
} from "./deploy/deployed-rules.js";
export { collectorActions, functionActions } from "./deploy/permissions.js";
export type { AccountNames } from "./notify/account-names.js";
export { OrganizationAccountNames } from "./notify/account-names.js";
export type { NotifyDeps, NotifyResult } from "./notify/handler.js";
export { handleComplianceChange } from "./notify/handler.js";
export { findRule, RULES } from "./rules/index.js";
export type { AnyRule } from "./rules/types.js";
export { apiCallPatterns, reEvaluationCalls } from "./trigger/changes.js";
export type { TriggerDeps, TriggerResult } from "./trigger/handler.js";
export { handleTriggerBatch } from "./trigger/handler.js";
export type { OrganizationTriggerDeps } from "./trigger/organization.js";
export {
  handleOrganizationTriggerBatch,
  organizationTriggerSettings,
  TRIGGER_SESSION_POLICY,
} from "./trigger/organization.js";
