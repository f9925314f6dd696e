export {
  EC2Client,
  GetEbsEncryptionByDefaultCommand,
  paginateDescribeSecurityGroups,
} from "@aws-sdk/client-ec2";
