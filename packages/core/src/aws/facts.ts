import type { DmsCertificate, FactName, Facts, KmsKey, SecurityGroup, Tags } from "../model/index.js";
import { optStr, record, str } from "../util/read.js";
import { certificatesFromApi, endpointsFromApi } from "./dms.js";
import { tagsFromApi } from "./dms-replication.js";
import { securityGroupsFromApi } from "./ec2.js";
import { accessKeysFromReport, groupsFromApi, policiesFromApi } from "./iam.js";
import { sourceServersFromApi } from "./mgn-model.js";
import {
  dmsDescribeCertificates,
  dmsDescribeEndpoints,
  dmsListTagsForResource,
  ec2DescribeSecurityGroups,
  iamGetAccountAuthorizationDetails,
  iamGetCredentialReport,
  kmsDescribeKey,
  mgnDescribeSourceServers,
  type Read,
} from "./read.js";
import type { ApiSource } from "./source.js";

/**
 * Facts: account data a rule needs beside the resource it evaluates, loaded once per
 * invocation. `refs` says which keys of a fact the resources reference (e.g. KMS key ids), so a
 * per-resource API is called once per distinct key.
 */
interface FactLoader<F extends FactName> {
  operations: readonly Read[];
  load(source: ApiSource, refs: ReadonlySet<string>): Promise<Facts[F]>;
}

function keyFromApi(output: unknown, path: string): KmsKey {
  const meta = record(record(output, path).KeyMetadata, `${path}.KeyMetadata`);
  const state = optStr(meta.KeyState, `${path}.KeyMetadata.KeyState`) ?? "Unknown";
  return {
    keyId: str(meta.KeyId, `${path}.KeyMetadata.KeyId`),
    arn: optStr(meta.Arn, `${path}.KeyMetadata.Arn`) ?? "",
    keyManager: optStr(meta.KeyManager, `${path}.KeyMetadata.KeyManager`) ?? "Unknown",
    keyState: state,
    enabled: meta.Enabled === true || (meta.Enabled === undefined && state === "Enabled"),
  };
}

const FACTS: { [F in FactName]: FactLoader<F> } = {
  dmsCertificates: {
    operations: [dmsDescribeCertificates],
    async load(source, refs) {
      // No certificate referenced (refs: the CertificateArn of the resources): no call.
      if (refs.size === 0) return new Map<string, DmsCertificate>();
      const certificates = certificatesFromApi(await source.read(dmsDescribeCertificates));
      return new Map(certificates.map((c) => [c.arn, c]));
    },
  },
  kmsKeys: {
    operations: [kmsDescribeKey],
    async load(source, refs) {
      const keys = new Map<string, KmsKey | null>();
      await Promise.all(
        [...refs].map(async (ref) => {
          const output = await source.lookup(kmsDescribeKey, ref);
          keys.set(
            ref,
            output === null ? null : keyFromApi(output, `kms.DescribeKey[${JSON.stringify(ref)}]`),
          );
        }),
      );
      return keys;
    },
  },
  // The IAM facts read the same GetAccountAuthorizationDetails output as the iamUser kind (one
  // call per invocation: LiveSource memoizes it).
  iamGroups: {
    operations: [iamGetAccountAuthorizationDetails],
    async load(source) {
      const groups = groupsFromApi(await source.read(iamGetAccountAuthorizationDetails));
      return new Map(groups.map((g) => [g.groupName, g]));
    },
  },
  iamManagedPolicies: {
    operations: [iamGetAccountAuthorizationDetails],
    async load(source) {
      const policies = policiesFromApi(await source.read(iamGetAccountAuthorizationDetails));
      return new Map(policies.map((p) => [p.arn, p]));
    },
  },
  iamAccessKeys: {
    operations: [iamGetCredentialReport],
    load: async (source) => accessKeysFromReport(await source.read(iamGetCredentialReport)),
  },
  mgnSourceServers: {
    operations: [mgnDescribeSourceServers],
    load: async (source) => sourceServersFromApi(await source.read(mgnDescribeSourceServers)),
  },
  dmsEndpoints: {
    operations: [dmsDescribeEndpoints],
    async load(source) {
      const endpoints = endpointsFromApi(await source.read(dmsDescribeEndpoints));
      return new Map(endpoints.map((e) => [e.arn, e]));
    },
  },
  securityGroups: {
    operations: [ec2DescribeSecurityGroups],
    async load(source, refs) {
      // No referenced group (no replication instance): no call.
      if (refs.size === 0) return new Map<string, SecurityGroup>();
      const groups = securityGroupsFromApi(await source.read(ec2DescribeSecurityGroups));
      return new Map(groups.filter((g) => refs.has(g.groupId)).map((g) => [g.groupId, g]));
    },
  },
  dmsTags: {
    operations: [dmsListTagsForResource],
    async load(source, refs) {
      const tags = new Map<string, Tags>();
      // Requested together, so a live source sends them in ResourceArnList batches.
      await Promise.all(
        [...refs].map(async (arn) => {
          const output = await source.lookup(dmsListTagsForResource, arn);
          tags.set(
            arn,
            output === null ? {} : tagsFromApi(output, `dms.ListTagsForResource[${JSON.stringify(arn)}]`),
          );
        }),
      );
      return tags;
    },
  },
};

/** Load the named facts. `refs` gives, per fact, the keys the resources reference. */
async function loadFacts<F extends FactName>(
  source: ApiSource,
  names: readonly F[],
  refs: Partial<Record<FactName, ReadonlySet<string>>> = {},
): Promise<Pick<Facts, F>> {
  const entries = await Promise.all(
    names.map(
      async (name) =>
        [name, await (FACTS[name] as FactLoader<F>).load(source, refs[name] ?? new Set())] as const,
    ),
  );
  return Object.fromEntries(entries) as unknown as Pick<Facts, F>;
}

export { FACTS, keyFromApi, loadFacts };
