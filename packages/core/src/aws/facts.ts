import type { FactName, Facts, KmsKey, SecurityGroup } from "../model/index.js";
import { optStr, record, str } from "../util/read.js";
import { certificatesFromApi } from "./dms.js";
import { accessKeysFromReport, groupsFromApi, policiesFromApi } from "./iam.js";
import { securityGroupFromApi, sourceServersFromApi } from "./mgn-model.js";
import {
  dmsDescribeCertificates,
  ec2DescribeSecurityGroups,
  iamGetAccountAuthorizationDetails,
  iamGetCredentialReport,
  kmsDescribeKey,
  mgnDescribeSourceServers,
  type Operation,
} from "./operations.js";
import type { ApiSource } from "./source.js";

/**
 * Facts: account data a rule needs beside the resource it evaluates, loaded once per
 * invocation. `refs` says which keys of a fact the resources reference (e.g. KMS key ids), so a
 * per-resource API is called once per distinct key.
 */
interface FactLoader<F extends FactName> {
  operations: readonly Operation[];
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
    async load(source) {
      const certificates = certificatesFromApi(await source.list(dmsDescribeCertificates));
      return new Map(certificates.map((c) => [c.arn, c]));
    },
  },
  kmsKeys: {
    operations: [kmsDescribeKey],
    async load(source, refs) {
      const keys = new Map<string, KmsKey | null>();
      await Promise.all(
        [...refs].map(async (ref) => {
          const output = await source.get(kmsDescribeKey, ref);
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
      const groups = groupsFromApi(await source.list(iamGetAccountAuthorizationDetails));
      return new Map(groups.map((g) => [g.groupName, g]));
    },
  },
  iamManagedPolicies: {
    operations: [iamGetAccountAuthorizationDetails],
    async load(source) {
      const policies = policiesFromApi(await source.list(iamGetAccountAuthorizationDetails));
      return new Map(policies.map((p) => [p.arn, p]));
    },
  },
  iamAccessKeys: {
    operations: [iamGetCredentialReport],
    load: async (source) => accessKeysFromReport(await source.list(iamGetCredentialReport)),
  },
  mgnSourceServers: {
    operations: [mgnDescribeSourceServers],
    load: async (source) => sourceServersFromApi(await source.list(mgnDescribeSourceServers)),
  },
  ec2SecurityGroups: {
    operations: [ec2DescribeSecurityGroups],
    async load(source, refs) {
      const groups = new Map<string, SecurityGroup | null>();
      await Promise.all(
        [...refs].map(async (id) => {
          const output = await source.get(ec2DescribeSecurityGroups, id);
          groups.set(id, output === null ? null : securityGroupFromApi(output, id));
        }),
      );
      return groups;
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
