export {
  CreatePolicyCommand,
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  PutUserPermissionsBoundaryCommand,
  paginateGetAccountAuthorizationDetails,
  paginateListAccessKeys,
  UpdateAccessKeyCommand,
} from "@aws-sdk/client-iam";
