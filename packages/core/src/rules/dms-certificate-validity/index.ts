import type { DmsCertificate, DmsEndpoint, Facts } from "../../model/index.js";
import { isWeakSignatureAlgorithm, type ParsedCertificate, parsePemBundle } from "../../util/pem.js";
import { param } from "../params.js";
import { defineRule, type Finding } from "../types.js";

/**
 * dms-certificate-validity — CA certificates imported into DMS are current, strong and complete.
 *
 * Periodic only: expiry depends on the clock, and AWS Config's `AWS::DMS::Certificate` items do
 * not carry the dates DescribeCertificates reports.
 *
 * Source: docs/seeds/dms-using-ssl.txt (Using SSL with AWS DMS): "you provide the root
 * certificate or the chain of intermediate CA certificates leading up to the root (as a
 * certificate bundle)", "make sure that the entire certificate chain leading from the
 * intermediate CA up to the root CA is imported as a single .pem file" and "If you are using
 * self-signed certificates on your server, choose require as your SSL mode."
 *
 * Scenarios: `scenarios` in the metadata below (one test each; `migration-guard explain` prints them).
 */

const DAY_MS = 86_400_000;

function commonName(subject: string): string {
  return /CN=([^,\n]+)/.exec(subject)?.[1]?.trim() ?? subject.slice(0, 60);
}

function date(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Endpoints that reference the certificate, by identifier. */
function usersOf(certificate: DmsCertificate, endpoints: Iterable<DmsEndpoint>): string[] {
  const users: string[] = [];
  for (const e of endpoints) {
    const refs = [
      e.certificateArn,
      e.settings.redis?.sslCaCertificateArn,
      e.settings.kafka?.sslCaCertificateArn,
      e.settings.kafka?.sslClientCertificateArn,
    ];
    if (refs.includes(certificate.arn)) users.push(e.identifier);
  }
  return users;
}

interface Check {
  problems: string[];
  notes: string[];
}

function checkParsed(
  certs: ParsedCertificate[],
  minimumKeyLength: number,
  apiSignatureWeak: boolean,
  check: Check,
): void {
  const many = certs.length > 1;
  for (const c of certs) {
    const which = many ? `certificate ${c.index + 1} (${commonName(c.subject)})` : "certificate";
    if (c.keyBits !== undefined && c.keyBits < minimumKeyLength)
      check.problems.push(
        `${which} has a ${c.keyBits}-bit ${c.keyType?.toUpperCase()} key (minimum ${minimumKeyLength})`,
      );
    // The API already reported the (first) certificate's weak algorithm.
    if (apiSignatureWeak && c.index === 0) continue;
    if (c.signatureAlgorithm && isWeakSignatureAlgorithm(c.signatureAlgorithm))
      check.problems.push(`${which} is signed with ${c.signatureAlgorithm}`);
  }
}

function evaluateCertificate(
  certificate: DmsCertificate,
  params: { expiryWarningDays: number; minimumKeyLength: number },
  now: Date,
  endpoints: Facts["dmsEndpoints"],
): Finding {
  const check: Check = { problems: [], notes: [] };
  let validTo = certificate.validTo;
  let ellipticKey = false;
  let summary = certificate.hasWallet ? "Oracle wallet" : "certificate";
  const apiSignatureWeak =
    certificate.signingAlgorithm !== undefined && isWeakSignatureAlgorithm(certificate.signingAlgorithm);

  if (certificate.pem !== undefined) {
    const bundle = parsePemBundle(certificate.pem);
    if (!bundle.ok) {
      check.problems.push(`${bundle.problem}; re-import the CA certificate or bundle as PEM`);
    } else {
      const { certificates, missingRoot } = bundle;
      checkParsed(certificates, params.minimumKeyLength, apiSignatureWeak, check);
      ellipticKey = certificates.some((c) => c.keyType === "ec" || c.keyType === "ed25519");
      for (const c of certificates) if (!validTo || c.validTo < validTo) validTo = c.validTo;
      const first = certificates[0];
      if (missingRoot) {
        check.problems.push(
          `bundle lacks its root: the issuer of ${commonName(missingRoot.subject)} is not in it; import the whole chain up to the root CA`,
        );
      }
      if (certificates.length > 1) summary = `bundle of ${certificates.length} certificates`;
      else if (first?.selfSigned && first.isCa) summary = `self-signed root CA ${commonName(first.subject)}`;
      else if (first?.selfSigned) {
        summary = `self-signed server certificate ${commonName(first.subject)}`;
        check.notes.push("self-signed: per the DMS SSL guide endpoints using it should use SslMode require");
      } else if (first) summary = `certificate ${commonName(first.subject)}`;
    }
  }

  if (certificate.keyLength !== undefined && !ellipticKey && certificate.keyLength < params.minimumKeyLength)
    check.problems.unshift(`KeyLength ${certificate.keyLength} is below ${params.minimumKeyLength}`);
  if (apiSignatureWeak)
    check.problems.unshift(`SigningAlgorithm ${certificate.signingAlgorithm} is weak (SHA-1/MD5)`);

  if (validTo) {
    const daysLeft = Math.floor((validTo.getTime() - now.getTime()) / DAY_MS);
    if (validTo.getTime() <= now.getTime()) check.problems.unshift(`expired on ${date(validTo)}`);
    else if (daysLeft <= params.expiryWarningDays)
      check.problems.unshift(
        `expires on ${date(validTo)} (in ${daysLeft} days, warning at ${params.expiryWarningDays})`,
      );
  }

  const users = usersOf(certificate, endpoints.values());
  const usage =
    users.length === 0
      ? "unused: no endpoint references it (delete it if it is no longer needed)"
      : `used by ${users.length} endpoint${users.length === 1 ? "" : "s"}`;

  if (check.problems.length > 0) {
    return {
      compliance: "NON_COMPLIANT",
      annotation: `${check.problems.join("; ")}; import a replacement and assign it to the endpoints; ${usage}`,
      details: { problems: check.problems, notes: check.notes, usedBy: users },
    };
  }
  const until = validTo ? `, valid until ${date(validTo)}` : "";
  return {
    compliance: "COMPLIANT",
    annotation: [`${summary}${until}`, ...check.notes, usage].join("; "),
    details: { notes: check.notes, usedBy: users },
  };
}

const rule = defineRule({
  name: "dms-certificate-validity",
  description:
    "CA certificates imported into DMS parse as complete PEM bundles, are not expired or expiring, and use strong keys and signatures",
  resourceKind: "dmsCertificate",
  triggers: { configurationChange: false, periodic: "TwentyFour_Hours" },
  parameters: {
    expiryWarningDays: param.integer(30, 0, 825, "report certificates expiring within this many days"),
    minimumKeyLength: param.integer(2048, 1024, 16384, "minimum RSA/DSA key length in bits"),
  },
  facts: ["dmsEndpoints"],
  severity: "high",
  remediation:
    "Import a current CA certificate or the full chain up to the root as one PEM (RSA 2048+ and SHA-256 or stronger), assign it to the endpoints, test the connections, then delete the old certificate",
  source: {
    document: "dms-using-ssl.txt",
    text: "make sure that the entire certificate chain leading from the intermediate CA up to the root CA is imported as a single .pem file.",
  },
  scenarios: [
    "Given a valid RSA-2048 SHA-256 root CA used by an endpoint, Then COMPLIANT naming its expiry and that it is self-signed.",
    "Given a certificate whose ValidToDate has passed, Then NON_COMPLIANT with the expiry date.",
    "Given a certificate expiring within expiryWarningDays, Then NON_COMPLIANT with the days left.",
    "Given a certificate with KeyLength 1024, Then NON_COMPLIANT naming minimumKeyLength.",
    "Given a certificate signed with SHA-1 (API SigningAlgorithm or the PEM), Then NON_COMPLIANT.",
    "Given a bundle of an intermediate and its root, Then COMPLIANT; given the intermediate alone, Then NON_COMPLIANT: the bundle lacks its root.",
    "Given a CertificatePem that does not parse as X.509, Then NON_COMPLIANT asking to re-import.",
    "Given a self-signed server (non-CA) certificate, Then the annotation says so and that SslMode require fits it.",
    "Given an EC P-256 certificate (API KeyLength 256), Then the RSA key length minimum does not apply.",
    "Given a certificate no endpoint references (CertificateArn, Redis or Kafka SslCaCertificateArn), Then the annotation says it is unused.",
    "Given an Oracle wallet without PEM, Then the API dates alone decide.",
  ],
  evaluate: (certificate, params, { now, facts }) =>
    evaluateCertificate(certificate, params, now, facts.dmsEndpoints),
});

export { rule, usersOf };
