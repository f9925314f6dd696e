export {
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  IAMClient,
  paginateGetAccountAuthorizationDetails,
} from "@aws-sdk/client-iam";
