export {
  DatabaseMigrationServiceClient,
  DescribeCertificatesCommand,
  DescribeReplicationInstancesCommand,
  ListTagsForResourceCommand,
  paginateDescribeCertificates,
  paginateDescribeEndpoints,
  paginateDescribeReplicationInstances,
  paginateDescribeReplicationTasks,
} from "@aws-sdk/client-database-migration-service";
