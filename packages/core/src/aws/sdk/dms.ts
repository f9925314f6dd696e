export {
  DatabaseMigrationServiceClient,
  ListTagsForResourceCommand,
  paginateDescribeCertificates,
  paginateDescribeEndpoints,
  paginateDescribeReplicationInstances,
  paginateDescribeReplicationTasks,
} from "@aws-sdk/client-database-migration-service";
