export {
  DescribeReplicationConfigurationTemplatesCommand,
  DescribeSourceServersCommand,
  GetReplicationConfigurationCommand,
  MgnClient,
} from "@aws-sdk/client-mgn";
