export {
  ConfigServiceClient,
  GetResourceConfigHistoryCommand,
  PutEvaluationsCommand,
  paginateDescribeConfigRules,
  paginateGetComplianceDetailsByConfigRule,
  StartConfigRulesEvaluationCommand,
} from "@aws-sdk/client-config-service";
