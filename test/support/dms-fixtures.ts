import { certificatesFromApi, endpointsFromApi } from "../../packages/core/src/aws/dms.js";
import { replicationInstancesFromApi } from "../../packages/core/src/aws/dms-replication.js";
import { securityGroupsFromApi } from "../../packages/core/src/aws/ec2.js";
import { keyFromApi } from "../../packages/core/src/aws/facts.js";
import type {
  DmsCertificate,
  DmsEndpoint,
  DmsReplicationInstance,
  KmsKey,
  SecurityGroup,
} from "../../packages/core/src/model/index.js";
import { apiOutput, fixtureText, fixture as loadFixture } from "./fixtures.js";

/**
 * Fixtures shaped like the AWS API reference's outputs (test/fixtures/), loaded fresh per call
 * and mapped through the same aws/ code as live responses, so rule tests see real models.
 */

type Raw = Record<string, unknown>;

/** A fixture as a raw API output (test/support/fixtures.ts). */
function fixture<T = Raw>(path: string): T {
  return loadFixture<T>(path);
}

function pem(name: string): string {
  return fixtureText(`dms/certificates/${name}`);
}

/** One endpoint of dms/DescribeEndpoints/default.json by identifier, optionally changed before mapping. */
function endpoint(identifier: string, change?: (raw: Raw) => void): DmsEndpoint {
  const raw = fixture<{ Endpoints: Raw[] }>("dms/DescribeEndpoints/default.json").Endpoints.find(
    (e) => e.EndpointIdentifier === identifier,
  );
  if (!raw) throw new Error(`no endpoint ${identifier} in the fixture`);
  change?.(raw);
  const [mapped] = endpointsFromApi({ Endpoints: [raw] });
  if (!mapped) throw new Error("mapping lost the endpoint");
  return mapped;
}

function replicationInstance(identifier: string, change?: (raw: Raw) => void): DmsReplicationInstance {
  const raw = fixture<{ ReplicationInstances: Raw[] }>(
    "dms/DescribeReplicationInstances/default.json",
  ).ReplicationInstances.find((r) => r.ReplicationInstanceIdentifier === identifier);
  if (!raw) throw new Error(`no replication instance ${identifier} in the fixture`);
  change?.(raw);
  const [mapped] = replicationInstancesFromApi({ ReplicationInstances: [raw] });
  if (!mapped) throw new Error("mapping lost the instance");
  return mapped;
}

/** A DescribeCertificates `Certificate` for a PEM fixture, as the API reports it. */
function certificateFromPem(name: string, fields: Raw = {}): DmsCertificate {
  const identifier = name.replace(/\.pem$/, "");
  const raw: Raw = {
    CertificateIdentifier: identifier,
    CertificateCreationDate: "2025-01-10T09:00:00.000Z",
    CertificatePem: pem(name),
    CertificateArn: `arn:aws:dms:eu-west-1:111122223333:cert:${identifier.toUpperCase().replace(/[^A-Z0-9]/g, "")}`,
    CertificateOwner: "111122223333",
    ValidFromDate: "2024-01-01T00:00:00.000Z",
    ValidToDate: "2034-01-01T00:00:00.000Z",
    SigningAlgorithm: "SHA256withRSA",
    KeyLength: 2048,
    ...fields,
  };
  const [mapped] = certificatesFromApi({ Certificates: [raw] });
  if (!mapped) throw new Error("mapping lost the certificate");
  return mapped;
}

/** KMS facts from DescribeKey fixtures, keyed by the key ARN (as resources reference them). */
function kmsKeys(...names: string[]): Map<string, KmsKey | null> {
  const keys = new Map<string, KmsKey | null>();
  for (const name of names) {
    const key = keyFromApi(apiOutput("kms", "DescribeKey", name), name);
    keys.set(key.arn, key);
  }
  return keys;
}

function securityGroups(): Map<string, SecurityGroup> {
  return new Map(
    securityGroupsFromApi(fixture("ec2/DescribeSecurityGroups/default.json")).map((g) => [g.groupId, g]),
  );
}

const CUSTOMER_KEY = "arn:aws:kms:eu-west-1:111122223333:key/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
const AWS_DMS_KEY = "arn:aws:kms:eu-west-1:111122223333:key/6f5e4d3c-2b1a-4c9d-8e7f-6a5b4c3d2e1f";
const DISABLED_KEY = "arn:aws:kms:eu-west-1:111122223333:key/0d0d0d0d-1e1e-4f2f-8a3a-4b4b4b4b4b4b";

export {
  AWS_DMS_KEY,
  CUSTOMER_KEY,
  certificateFromPem,
  DISABLED_KEY,
  endpoint,
  fixture,
  kmsKeys,
  pem,
  replicationInstance,
  securityGroups,
};
