import { describe, expect, it } from "vitest";
import { certificatesFromApi } from "../../../packages/core/src/aws/dms.js";
import type { DmsCertificate, DmsEndpoint } from "../../../packages/core/src/model/index.js";
import { rule } from "../../../packages/core/src/rules/dms-certificate-validity/index.js";
import { parseParameters } from "../../../packages/core/src/rules/params.js";
import { certificateFromPem, endpoint } from "../../support/dms-fixtures.js";

const now = new Date("2026-11-20T09:00:00Z");
const defaults = parseParameters(rule.name, rule.parameters, {});

/** Endpoints that use the certificate (by CertificateArn), as the dmsEndpoints fact holds them. */
function usedBy(
  certificate: DmsCertificate,
  ...identifiers: string[]
): { dmsEndpoints: Map<string, DmsEndpoint> } {
  const endpoints = identifiers.map((id) =>
    endpoint(id, (raw) => {
      raw.CertificateArn = certificate.arn;
    }),
  );
  return { dmsEndpoints: new Map(endpoints.map((e) => [e.arn, e])) };
}

describe("dms-certificate-validity", () => {
  it("returns COMPLIANT naming the expiry and that it is self-signed for a valid RSA-2048 SHA-256 root CA in use", () => {
    const root = certificateFromPem("root-ca.pem");

    const finding = rule.evaluate(root, defaults, { now, facts: usedBy(root, "sales-pg-source") });

    expect(finding.compliance).toBe("COMPLIANT");
    expect(finding.annotation).toBe(
      "self-signed root CA Example Corp Root CA 2024, valid until 2034-01-01; used by 1 endpoint",
    );
  });

  it("returns NON_COMPLIANT with the expiry date when ValidToDate has passed", () => {
    const expired = certificateFromPem("expired-2025-06-01-ca.pem", {
      ValidFromDate: "2023-06-01T00:00:00.000Z",
      ValidToDate: "2025-06-01T00:00:00.000Z",
    });

    const finding = rule.evaluate(expired, defaults, { now, facts: usedBy(expired, "sales-pg-source") });

    expect(finding.compliance).toBe("NON_COMPLIANT");
    expect(finding.annotation).toMatch(/^expired on 2025-06-01; import a replacement/);
  });

  it("returns NON_COMPLIANT with the days left when it expires within expiryWarningDays", () => {
    const soon = certificateFromPem("expiring-2026-12-05-ca.pem", {
      ValidToDate: "2026-12-05T00:00:00.000Z",
    });
    const sevenDays = parseParameters(rule.name, rule.parameters, { expiryWarningDays: "7" });

    const finding = rule.evaluate(soon, defaults, { now, facts: usedBy(soon, "sales-pg-source") });

    expect(finding.compliance).toBe("NON_COMPLIANT");
    expect(finding.annotation).toContain("expires on 2026-12-05 (in 14 days, warning at 30)");
    expect(rule.evaluate(soon, sevenDays, { now, facts: usedBy(soon, "sales-pg-source") }).compliance).toBe(
      "COMPLIANT",
    );
  });

  it("returns NON_COMPLIANT naming minimumKeyLength for a 1024-bit key", () => {
    const small = certificateFromPem("rsa1024-ca.pem", { KeyLength: 1024 });

    const finding = rule.evaluate(small, defaults, { now, facts: usedBy(small, "sales-pg-source") });

    expect(finding.compliance).toBe("NON_COMPLIANT");
    expect(finding.annotation).toContain("KeyLength 1024 is below 2048");
    expect(finding.annotation).toContain("certificate has a 1024-bit RSA key (minimum 2048)");
  });

  it("returns NON_COMPLIANT for a SHA-1 signature, from the API's SigningAlgorithm or from the PEM", () => {
    const fromApi = certificateFromPem("sha1-ca.pem", { SigningAlgorithm: "SHA1withRSA" });
    const fromPem = certificateFromPem("sha1-ca.pem");
    delete (fromPem as { signingAlgorithm?: string }).signingAlgorithm;
    const facts = usedBy(fromApi, "sales-pg-source");

    expect(rule.evaluate(fromApi, defaults, { now, facts }).annotation).toMatch(
      /^SigningAlgorithm SHA1withRSA is weak \(SHA-1\/MD5\); import/,
    );
    const finding = rule.evaluate(fromPem, defaults, { now, facts });
    expect(finding.compliance).toBe("NON_COMPLIANT");
    expect(finding.annotation).toContain("certificate is signed with sha1WithRSAEncryption");
  });

  it("returns COMPLIANT for an intermediate-and-root bundle, NON_COMPLIANT for the intermediate alone (no root)", () => {
    const full = certificateFromPem("bundle-intermediate-and-root.pem", {
      ValidToDate: "2031-01-01T00:00:00.000Z",
    });
    const partial = certificateFromPem("bundle-intermediate-only.pem", {
      ValidToDate: "2031-01-01T00:00:00.000Z",
    });

    const good = rule.evaluate(full, defaults, { now, facts: usedBy(full, "sales-pg-source") });
    const bad = rule.evaluate(partial, defaults, { now, facts: usedBy(partial, "sales-pg-source") });

    expect(good).toMatchObject({ compliance: "COMPLIANT" });
    expect(good.annotation).toMatch(/^bundle of 2 certificates, valid until 2031-01-01/);
    expect(bad.compliance).toBe("NON_COMPLIANT");
    expect(bad.annotation).toContain(
      "bundle lacks its root: the issuer of Example Corp Issuing CA 1 is not in it; import the whole chain up to the root CA",
    );
  });

  it("returns NON_COMPLIANT asking to re-import when CertificatePem does not parse as X.509", () => {
    const broken = certificateFromPem("not-a-certificate.pem");

    const finding = rule.evaluate(broken, defaults, { now, facts: usedBy(broken) });

    expect(finding.compliance).toBe("NON_COMPLIANT");
    expect(finding.annotation).toMatch(
      /^CertificatePem block 1 does not parse as an X\.509 certificate; re-import the CA certificate or bundle as PEM/,
    );
  });

  it("says when a server (non-CA) certificate is self-signed and that SslMode require fits it", () => {
    const selfSigned = certificateFromPem("self-signed-server.pem");

    const finding = rule.evaluate(selfSigned, defaults, {
      now,
      facts: usedBy(selfSigned, "sales-pg-source"),
    });

    expect(finding.compliance).toBe("COMPLIANT");
    expect(finding.annotation).toContain("self-signed server certificate reports-db.corp.example.com");
    expect(finding.annotation).toContain("should use SslMode require");
  });

  it("does not apply the RSA key length minimum to an EC P-256 certificate (API KeyLength 256)", () => {
    const ec = certificateFromPem("ec-p256-ca.pem", { KeyLength: 256, SigningAlgorithm: "SHA256withECDSA" });

    const finding = rule.evaluate(ec, defaults, { now, facts: usedBy(ec, "sales-pg-source") });

    expect(finding.compliance).toBe("COMPLIANT");
  });

  it("says unused when no endpoint references it, and counts Redis and Kafka SslCaCertificateArn as uses", () => {
    const root = certificateFromPem("root-ca.pem");
    const kafka = endpoint("events-kafka-target", (raw) => {
      (raw.KafkaSettings as Record<string, unknown>).SslCaCertificateArn = root.arn;
    });
    const redis = endpoint("cache-redis-target", (raw) => {
      (raw.RedisSettings as Record<string, unknown>).SslCaCertificateArn = root.arn;
    });

    const unused = rule.evaluate(root, defaults, { now, facts: { dmsEndpoints: new Map() } });
    const used = rule.evaluate(root, defaults, {
      now,
      facts: { dmsEndpoints: new Map([kafka, redis].map((e) => [e.arn, e])) },
    });

    expect(unused.annotation).toContain("unused: no endpoint references it");
    expect(used.annotation).toContain("used by 2 endpoints");
    expect(used.details).toMatchObject({ usedBy: ["events-kafka-target", "cache-redis-target"] });
  });

  it("decides on the API dates alone for an Oracle wallet without PEM", () => {
    const [wallet] = certificatesFromApi({
      Certificates: [
        {
          CertificateIdentifier: "crm-oracle-wallet",
          CertificateCreationDate: "2024-05-01T10:00:00.000Z",
          CertificateWallet: "MIIKcAIBAzCCCjYGCSqGSIb3DQEHAaCCCicEggojMIIKHzCCBX0=",
          CertificateArn: "arn:aws:dms:eu-west-1:111122223333:cert:CRMORACLEWALLETAAAAAAAAAAA",
          CertificateOwner: "111122223333",
          ValidFromDate: "2024-05-01T00:00:00.000Z",
          ValidToDate: "2026-11-01T00:00:00.000Z",
          SigningAlgorithm: "SHA256withRSA",
          KeyLength: 2048,
        },
      ],
    });
    if (!wallet) throw new Error("fixture");

    const finding = rule.evaluate(wallet, defaults, { now, facts: usedBy(wallet, "sales-pg-source") });

    expect(finding.compliance).toBe("NON_COMPLIANT");
    expect(finding.annotation).toMatch(/^expired on 2026-11-01/);
  });
});
