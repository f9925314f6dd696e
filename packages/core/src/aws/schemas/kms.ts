import * as z from "zod";
import { mapped, optBoolean, optString } from "./parse.js";

/** KMS DescribeKey output → the key's model. */
const describeKey = mapped(
  z.object({
    KeyMetadata: z.object({
      KeyId: z.string(),
      Arn: optString,
      /** `AWS` or `CUSTOMER`. */
      KeyManager: optString,
      KeyState: optString,
      Enabled: optBoolean,
    }),
  }),
  ({ KeyMetadata: m }) => {
    const keyState = m.KeyState ?? "Unknown";
    return {
      keyId: m.KeyId,
      arn: m.Arn ?? "",
      keyManager: m.KeyManager ?? "Unknown",
      keyState,
      enabled: m.Enabled === true || (m.Enabled === undefined && keyState === "Enabled"),
    };
  },
);

type KmsKey = z.output<typeof describeKey>;

export type { KmsKey };
export { describeKey };
