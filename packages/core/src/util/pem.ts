import { X509Certificate } from "node:crypto";
import { own } from "./own.js";

/**
 * PEM certificate bundles, read with node:crypto's X509Certificate (no I/O, so rules may use it).
 * DMS accepts "the root certificate or the chain of intermediate CA certificates leading up to
 * the root (as a certificate bundle)" as PEM; this splits a bundle into its certificates and
 * reads what the DMS API does not report per certificate: the signature algorithm, the public
 * key, CA and self-signed status, and whether the chain reaches a root.
 */

interface ParsedCertificate {
  /** Position in the bundle, from 0. */
  index: number;
  subject: string;
  validFrom: Date;
  validTo: Date;
  /** `rsa`, `rsa-pss`, `dsa`, `ec`, `ed25519`, ... */
  keyType: string | undefined;
  /** Modulus length for RSA/DSA keys; undefined for elliptic-curve keys. */
  keyBits: number | undefined;
  /** Signature algorithm name (e.g. `sha256WithRSAEncryption`), or the OID when unknown. */
  signatureAlgorithm: string | undefined;
  /** Basic constraints CA:TRUE. */
  isCa: boolean;
  /** Issued by itself and verifiable with its own key. */
  selfSigned: boolean;
}

type BundleResult =
  | { ok: true; certificates: ParsedCertificate[]; missingRoot: ParsedCertificate | undefined }
  | { ok: false; problem: string };

const PEM_HEADER = /-----BEGIN ([A-Z0-9 ]+)-----/y;
const PEM_FOOTER = /-----END ([A-Z0-9 ]+)-----/y;

/**
 * The PEM blocks of a text, `-----BEGIN <label>-----…-----END <label>-----` (each ending at the first
 * END of its label), as `[text, label]`. Found in linear time: the END lines are indexed once,
 * where a backtracking pattern would rescan the text from every BEGIN that has no END.
 */
function pemBlocks(text: string): [string, string][] {
  const ends = new Map<string, { at: number[]; next: number }>();
  for (let e = text.indexOf("-----END "); e >= 0; e = text.indexOf("-----END ", e + 1)) {
    PEM_FOOTER.lastIndex = e;
    const footer = PEM_FOOTER.exec(text);
    if (!footer) continue;
    const label = footer[1] as string;
    const list = ends.get(label) ?? { at: [], next: 0 };
    list.at.push(e);
    ends.set(label, list);
  }
  const blocks: [string, string][] = [];
  let at = text.indexOf("-----BEGIN ");
  while (at >= 0) {
    PEM_HEADER.lastIndex = at;
    const header = PEM_HEADER.exec(text);
    const label = header?.[1];
    const list = label === undefined ? undefined : ends.get(label);
    const bodyStart = at + (header?.[0].length ?? 0);
    // END lines before this body can end no later block: the pointer only moves forward.
    while (list && list.next < list.at.length && (list.at[list.next] as number) < bodyStart) list.next++;
    const end = list?.at[list.next];
    if (label === undefined || end === undefined) {
      at = text.indexOf("-----BEGIN ", at + 1);
      continue;
    }
    const stop = end + `-----END ${label}-----`.length;
    blocks.push([text.slice(at, stop), label]);
    at = text.indexOf("-----BEGIN ", stop);
  }
  return blocks;
}

/** Signature algorithm OIDs (RFC 3279, 4055, 5758, 8410). */
const SIGNATURE_ALGORITHMS: Readonly<Record<string, string>> = {
  "1.2.840.113549.1.1.2": "md2WithRSAEncryption",
  "1.2.840.113549.1.1.4": "md5WithRSAEncryption",
  "1.2.840.113549.1.1.5": "sha1WithRSAEncryption",
  "1.2.840.113549.1.1.10": "rsassaPss",
  "1.2.840.113549.1.1.11": "sha256WithRSAEncryption",
  "1.2.840.113549.1.1.12": "sha384WithRSAEncryption",
  "1.2.840.113549.1.1.13": "sha512WithRSAEncryption",
  "1.2.840.113549.1.1.14": "sha224WithRSAEncryption",
  "1.2.840.10040.4.3": "dsaWithSHA1",
  "2.16.840.1.101.3.4.3.2": "dsaWithSHA256",
  "1.2.840.10045.4.1": "ecdsaWithSHA1",
  "1.2.840.10045.4.3.2": "ecdsaWithSHA256",
  "1.2.840.10045.4.3.3": "ecdsaWithSHA384",
  "1.2.840.10045.4.3.4": "ecdsaWithSHA512",
  "1.3.101.112": "ed25519",
  "1.3.101.113": "ed448",
};

/** Read one DER tag-length header; returns the content's start and end. */
function derElement(der: Uint8Array, at: number): { tag: number; start: number; end: number } {
  const tag = der[at];
  let length = der[at + 1];
  if (tag === undefined || length === undefined) throw new Error("truncated DER");
  let start = at + 2;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    if (bytes === 0 || bytes > 4) throw new Error("unsupported DER length");
    length = 0;
    for (let i = 0; i < bytes; i++) length = length * 256 + (der[start + i] ?? 0);
    start += bytes;
  }
  const end = start + length;
  if (end > der.length) throw new Error("truncated DER");
  return { tag, start, end };
}

function decodeOid(bytes: Uint8Array): string {
  const first = bytes[0] ?? 0;
  const parts = [Math.floor(first / 40), first % 40];
  let value = 0;
  for (const byte of bytes.subarray(1)) {
    value = value * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      parts.push(value);
      value = 0;
    }
  }
  return parts.join(".");
}

/**
 * The outer signatureAlgorithm of a certificate (Certificate ::= SEQUENCE { tbsCertificate,
 * signatureAlgorithm AlgorithmIdentifier, signatureValue }); Node 20's X509Certificate does not expose it.
 */
function signatureAlgorithmOf(der: Uint8Array): string | undefined {
  try {
    const certificate = derElement(der, 0);
    const tbs = derElement(der, certificate.start);
    const algorithm = derElement(der, tbs.end);
    const oid = derElement(der, algorithm.start);
    if (certificate.tag !== 0x30 || algorithm.tag !== 0x30 || oid.tag !== 0x06) return undefined;
    const dotted = decodeOid(der.subarray(oid.start, oid.end));
    return own(SIGNATURE_ALGORITHMS, dotted) ?? dotted;
  } catch {
    return undefined;
  }
}

/** Whether a signature algorithm (API `SigningAlgorithm` such as `SHA1withRSA`, or a parsed name) uses SHA-1, MD5 or MD2. */
function isWeakSignatureAlgorithm(name: string): boolean {
  const compact = name.toLowerCase().replace(/[^a-z0-9]/g, "");
  return /(^|with)(sha1|md5|md2)(with|encryption|$)/.test(compact);
}

function describe(x509: X509Certificate, index: number, der: Uint8Array): ParsedCertificate {
  const key = x509.publicKey;
  const details = key.asymmetricKeyDetails;
  const selfIssued = x509.checkIssued(x509);
  let selfSigned = false;
  if (selfIssued) {
    try {
      selfSigned = x509.verify(key);
    } catch {
      selfSigned = false;
    }
  }
  return {
    index,
    subject: x509.subject.replace(/\n/g, ", "),
    validFrom: new Date(x509.validFrom),
    validTo: new Date(x509.validTo),
    keyType: key.asymmetricKeyType,
    keyBits:
      key.asymmetricKeyType === "rsa" ||
      key.asymmetricKeyType === "rsa-pss" ||
      key.asymmetricKeyType === "dsa"
        ? details?.modulusLength
        : undefined,
    signatureAlgorithm: signatureAlgorithmOf(der),
    isCa: x509.ca,
    selfSigned,
  };
}

/**
 * Parse a PEM bundle: one or more CERTIFICATE blocks, each a valid X.509 certificate. Reports
 * the first certificate whose issuer is neither itself nor in the bundle (the bundle lacks its root).
 */
function parsePemBundle(pem: string): BundleResult {
  const blocks = pemBlocks(pem);
  if (blocks.length === 0) return { ok: false, problem: "CertificatePem has no PEM CERTIFICATE block" };
  const parsed: { x509: X509Certificate; info: ParsedCertificate }[] = [];
  for (const [index, block] of blocks.entries()) {
    if (block[1] !== "CERTIFICATE") {
      return { ok: false, problem: `CertificatePem block ${index + 1} is a ${block[1]}, not a CERTIFICATE` };
    }
    try {
      const x509 = new X509Certificate(block[0]);
      parsed.push({ x509, info: describe(x509, index, new Uint8Array(x509.raw)) });
    } catch {
      return {
        ok: false,
        problem: `CertificatePem block ${index + 1} does not parse as an X.509 certificate`,
      };
    }
  }
  const issuedInBundle = (child: X509Certificate) =>
    parsed.some(({ x509 }) => {
      if (x509 === child || !child.checkIssued(x509)) return false;
      try {
        return child.verify(x509.publicKey);
      } catch {
        return false;
      }
    });
  const orphan = parsed.find(({ x509, info }) => !info.selfSigned && !issuedInBundle(x509));
  return { ok: true, certificates: parsed.map((p) => p.info), missingRoot: orphan?.info };
}

export type { BundleResult, ParsedCertificate };
export { isWeakSignatureAlgorithm, parsePemBundle, signatureAlgorithmOf };
