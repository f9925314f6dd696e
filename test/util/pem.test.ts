import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  isWeakSignatureAlgorithm,
  parsePemBundle,
  signatureAlgorithmOf,
} from "../../packages/core/src/util/pem.js";
import { pem } from "../support/dms-fixtures.js";

describe("PEM bundles", () => {
  it("reads the signature algorithm from the certificate's DER (SHA-256, SHA-1, ECDSA)", () => {
    const algorithm = (name: string) =>
      signatureAlgorithmOf(new Uint8Array(new X509Certificate(pem(name)).raw));

    expect(algorithm("root-ca.pem")).toBe("sha256WithRSAEncryption");
    expect(algorithm("sha1-ca.pem")).toBe("sha1WithRSAEncryption");
    expect(algorithm("ec-p256-ca.pem")).toBe("ecdsaWithSHA256");
    expect(signatureAlgorithmOf(new Uint8Array([0x30, 0x82]))).toBeUndefined();
  });

  it("calls SHA-1, MD5 and MD2 signatures weak, in API and OpenSSL spellings", () => {
    const weak = [
      "SHA1withRSA",
      "MD5withRSA",
      "sha1WithRSAEncryption",
      "ecdsaWithSHA1",
      "dsaWithSHA1",
      "md2WithRSAEncryption",
    ];
    const strong = [
      "SHA256withRSA",
      "SHA512withRSA",
      "sha384WithRSAEncryption",
      "ecdsaWithSHA256",
      "rsassaPss",
    ];

    expect(weak.filter(isWeakSignatureAlgorithm)).toEqual(weak);
    expect(strong.filter(isWeakSignatureAlgorithm)).toEqual([]);
  });

  it("splits a bundle, reads keys and CA flags, and finds the chain complete", () => {
    const result = parsePemBundle(pem("bundle-intermediate-and-root.pem"));

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(
      result.certificates.map((c) => [c.subject.split(", ").at(-1), c.isCa, c.selfSigned, c.keyBits]),
    ).toEqual([
      ["CN=Example Corp Issuing CA 1", true, false, 2048],
      ["CN=Example Corp Root CA 2024", true, true, 2048],
    ]);
    expect(result.missingRoot).toBeUndefined();
  });

  it("reports the certificate whose issuer is missing from the bundle", () => {
    const result = parsePemBundle(pem("bundle-intermediate-only.pem"));

    expect(result.ok && result.missingRoot?.subject).toContain("CN=Example Corp Issuing CA 1");
  });

  it("rejects text without a certificate, a block that does not parse, and a private key block", () => {
    const key = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n";

    expect(parsePemBundle("hello")).toEqual({
      ok: false,
      problem: "CertificatePem has no PEM CERTIFICATE block",
    });
    expect(parsePemBundle(pem("not-a-certificate.pem"))).toEqual({
      ok: false,
      problem: "CertificatePem block 1 does not parse as an X.509 certificate",
    });
    expect(parsePemBundle(pem("root-ca.pem") + key)).toEqual({
      ok: false,
      problem: "CertificatePem block 2 is a PRIVATE KEY, not a CERTIFICATE",
    });
  });

  it("skips a BEGIN line without its END and reads the certificate after it, as before", () => {
    const result = parsePemBundle(`-----BEGIN JUNK-----\nnot closed\n${pem("root-ca.pem")}`);

    expect(result.ok && result.certificates).toHaveLength(1);
  });

  it("names a private key block beside a certificate, and reads 3,500 BEGIN lines without END as no block", () => {
    const withKey = parsePemBundle(
      `${pem("root-ca.pem")}-----BEGIN RSA PRIVATE KEY-----\nK\n-----END RSA PRIVATE KEY-----\n`,
    );
    expect(withKey).toEqual({
      ok: false,
      problem: "CertificatePem block 2 is a RSA PRIVATE KEY, not a CERTIFICATE",
    });
    expect(parsePemBundle("-----BEGIN A-----".repeat(3_500))).toEqual({
      ok: false,
      problem: "CertificatePem has no PEM CERTIFICATE block",
    });
  });
});
