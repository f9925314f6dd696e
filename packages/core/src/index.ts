export { AwsClients } from "./aws/clients.js";
export { collectorActions, functionActions } from "./aws/permissions.js";
export type { HandlerDeps, HandlerResult, Log } from "./config/handler.js";
export { handleConfigRuleEvent } from "./config/handler.js";
export { findRule, RULES } from "./rules/index.js";
export type { AnyRule } from "./rules/types.js";
