export {
  DatabaseMigrationServiceClient,
  DescribeCertificatesCommand,
  DescribeReplicationInstancesCommand,
  ListTagsForResourceCommand,
  paginateDescribeCertificates,
  paginateDescribeDataProviders,
  paginateDescribeEndpoints,
  paginateDescribeInstanceProfiles,
  paginateDescribeReplicationConfigs,
  paginateDescribeReplicationInstances,
  paginateDescribeReplicationTasks,
} from "@aws-sdk/client-database-migration-service";
