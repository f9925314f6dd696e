export {
  DescribeReplicationConfigurationTemplatesCommand,
  DescribeSourceServersCommand,
  GetReplicationConfigurationCommand,
  MgnClient,
  UpdateReplicationConfigurationCommand,
  UpdateReplicationConfigurationTemplateCommand,
} from "@aws-sdk/client-mgn";
