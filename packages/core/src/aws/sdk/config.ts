export {
  ConfigServiceClient,
  GetResourceConfigHistoryCommand,
  PutEvaluationsCommand,
  paginateGetComplianceDetailsByConfigRule,
  StartConfigRulesEvaluationCommand,
} from "@aws-sdk/client-config-service";
