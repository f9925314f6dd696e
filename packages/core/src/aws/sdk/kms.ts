export { DescribeKeyCommand, KMSClient } from "@aws-sdk/client-kms";
