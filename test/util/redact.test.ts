import { redact, redactText } from "@migration-guard/core/util/redact.js";
import { describe, expect, it } from "vitest";

describe("redact", () => {
  it("replaces a password assignment's value, quoted or not, by a secret marker", () => {
    expect(redactText("heartbeatEnable=true;password=Hunter2;")).toBe(
      "heartbeatEnable=true;password=[redacted:secret];",
    );
    expect(redactText('token = "a b c" rest')).toBe("token = [redacted:secret] rest");
    expect(redactText("ALTER ROLE dms PASSWORD 'x y'")).toBe("ALTER ROLE dms PASSWORD [redacted:secret]");
  });

  it("replaces user:password@ in URLs and brokers, up to the last @ before the host", () => {
    expect(redactText("mongodb://dms:p@ss@mongo-1.example.com:27017/app")).toBe(
      "mongodb://[redacted:credentials]@mongo-1.example.com:27017/app",
    );
    expect(redactText("dms:S3cr3t@b-1.example.com:9096,b-2.example.com:9096")).toBe(
      "[redacted:credentials]@b-1.example.com:9096,b-2.example.com:9096",
    );
    expect(redactText("b-1.example.com:9092,b-2.example.com:9092")).toBe(
      "b-1.example.com:9092,b-2.example.com:9092",
    );
  });

  it("keeps CERTIFICATE blocks and empties every other PEM block, terminated or not", () => {
    const cert = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
    expect(redactText(`${cert}-----BEGIN RSA PRIVATE KEY-----\nKEY\n-----END RSA PRIVATE KEY-----\n`)).toBe(
      `${cert}-----BEGIN RSA PRIVATE KEY-----\n[redacted:private-key]\n-----END RSA PRIVATE KEY-----\n`,
    );
    expect(redactText("-----BEGIN EC PARAMETERS-----\nP\n-----END EC PARAMETERS-----")).toBe(
      "-----BEGIN EC PARAMETERS-----\n[redacted:pem]\n-----END EC PARAMETERS-----",
    );
    expect(redactText("-----BEGIN PRIVATE KEY-----KEY")).toBe(
      "-----BEGIN PRIVATE KEY-----\n[redacted:private-key]\n",
    );
    expect(redactText("x -----BEGIN broken KEY")).toBe("x [redacted:pem]");
  });

  it("is idempotent: redacting a redacted capture changes nothing", () => {
    const once = redactText(
      "mongodb://u:p@h password=x -----BEGIN PRIVATE KEY-----\nK\n-----END PRIVATE KEY-----",
    );
    expect(redactText(once)).toBe(once);
  });

  it("drops secret fields, replaces wallets, scripts and bytes, keeps dates as ISO strings", () => {
    expect(
      redact({
        $metadata: {},
        Password: "x",
        KafkaSettings: { SaslPassword: "x", Broker: "b:9092" },
        CertificateWallet: new Uint8Array([1, 2]),
        PostgreSQLSettings: { AfterConnectScript: "SET x = 1" },
        Blob: new Uint8Array([3]),
        At: new Date(0),
        Tags: [{ Key: "Note", Value: "secret: abc" }],
      }),
    ).toEqual({
      KafkaSettings: { Broker: "b:9092" },
      CertificateWallet: "[redacted:wallet]",
      PostgreSQLSettings: { AfterConnectScript: "[redacted:script]" },
      Blob: "[redacted:binary]",
      At: "1970-01-01T00:00:00.000Z",
      Tags: [{ Key: "Note", Value: "secret: [redacted:secret]" }],
    });
  });
});
