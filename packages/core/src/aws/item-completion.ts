import type { RecordedItem } from "../model/configuration-item.js";
import type { DmsCertificate, DmsReplicationInstance, FactName, IamUser } from "../model/index.js";
import { record } from "../util/read.js";
import { certificatesFromApi } from "./dms.js";
import { replicationInstancesFromApi } from "./dms-replication.js";
import { usersFromApi } from "./iam.js";
import {
  dmsDescribeCertificate,
  dmsDescribeReplicationInstance,
  iamGetAccountAuthorizationDetails,
} from "./read.js";
import type { ApiSource } from "./source.js";

/**
 * What AWS Config records is not all the API returns. The properties Config records per resource
 * type are listed in awslabs/aws-config-resource-schema (config/properties/resource-types/):
 *
 * - AWS::DMS::ReplicationInstance records AllocatedStorage, AutoMinorVersionUpgrade,
 *   AvailabilityZone, EngineVersion, Id, KmsKeyId, MultiAZ, PreferredMaintenanceWindow,
 *   PubliclyAccessible, ReplicationInstanceClass, ReplicationInstanceIdentifier and the IP
 *   addresses: no VpcSecurityGroupIds (a CloudFormation property of the type, not recorded).
 * - AWS::DMS::Certificate records CertificateIdentifier and Id only: no PEM, no validity dates.
 * - AWS::IAM::User records arn, attachedManagedPolicies, createDate, groupList, path, userId,
 *   userName, userPolicyList: permissionsBoundary is not among them; tags are the item's `tags`.
 * - AWS::DMS::Endpoint records every field the endpoint rules read (EngineName, EndpointType,
 *   SslMode, CertificateArn, KmsKeyId, ServerName, S3/Redshift/Redis/Kafka/MongoDb/Neptune/
 *   Elasticsearch settings used), so endpoints need no completion.
 *
 * Each completion reads what a rule needs and the item lacks, with an operation the rule's
 * function is already granted (the kind's listing or a fact's), and says what stays unchecked
 * when the API no longer has the resource. An item that carries the field is used as recorded.
 */
type Item = RecordedItem;

interface Completed<M> {
  resource: M;
  /** What could not be checked, said in the annotation. */
  unchecked: string[];
}

function has(configuration: Record<string, unknown>, ...names: string[]): boolean {
  return names.some((name) => configuration[name] !== undefined && configuration[name] !== null);
}

/** Security groups of a replication instance, read by ARN when the item has none and the rule looks at them. */
async function completeReplicationInstance(
  instance: DmsReplicationInstance,
  item: Item,
  source: ApiSource,
  facts: readonly FactName[],
): Promise<Completed<DmsReplicationInstance>> {
  if (
    !facts.includes("securityGroups") ||
    has(item.configuration, "VpcSecurityGroupIds", "VpcSecurityGroups")
  )
    return { resource: instance, unchecked: [] };
  const output = await source.lookup(dmsDescribeReplicationInstance, instance.arn);
  if (output === null)
    return {
      resource: instance,
      unchecked: [
        "security groups (not in the configuration item; DescribeReplicationInstances no longer returns the instance)",
      ],
    };
  const path = `dms.DescribeReplicationInstances[${JSON.stringify(instance.arn)}]`;
  // An API output (VpcSecurityGroups), parsed by the DescribeReplicationInstances schema.
  const [api] = replicationInstancesFromApi({ ReplicationInstances: [record(output, path)] });
  if (!api) return { resource: instance, unchecked: [] };
  return { resource: { ...instance, vpcSecurityGroupIds: api.vpcSecurityGroupIds }, unchecked: [] };
}

/** A certificate's PEM and dates, read by ARN: Config records its identifier only. */
async function completeCertificate(
  certificate: DmsCertificate,
  item: Item,
  source: ApiSource,
): Promise<Completed<DmsCertificate>> {
  if (has(item.configuration, "CertificatePem", "ValidToDate", "CertificateWallet"))
    return { resource: certificate, unchecked: [] };
  const output = await source.lookup(dmsDescribeCertificate, certificate.arn);
  if (output === null)
    return {
      resource: certificate,
      unchecked: [
        "certificate contents (not in the configuration item; DescribeCertificates no longer returns it)",
      ],
    };
  const path = `dms.DescribeCertificates[${JSON.stringify(certificate.arn)}]`;
  // An API output (PEM and dates), parsed by the DescribeCertificates schema.
  const [api] = certificatesFromApi({ Certificates: [record(output, path)] });
  return { resource: api ? { ...api, arn: certificate.arn } : certificate, unchecked: [] };
}

/**
 * A user's permissions boundary from GetAccountAuthorizationDetails when the item has none and
 * the rule reads managed policies (that fact reads the same output: no further call).
 */
async function completeUser(
  user: IamUser,
  item: Item,
  source: ApiSource,
  facts: readonly FactName[],
): Promise<Completed<IamUser>> {
  if (!facts.includes("iamManagedPolicies") || has(item.configuration, "permissionsBoundary"))
    return { resource: user, unchecked: [] };
  const listed = usersFromApi(await source.read(iamGetAccountAuthorizationDetails)).find(
    (u) => u.userId === user.userId,
  );
  if (!listed)
    return {
      resource: user,
      unchecked: [
        "permissions boundary (not in the configuration item; GetAccountAuthorizationDetails no longer lists the user)",
      ],
    };
  return { resource: { ...user, permissionsBoundaryArn: listed.permissionsBoundaryArn }, unchecked: [] };
}

export type { Completed };
export { completeCertificate, completeReplicationInstance, completeUser };
