import { UsageError } from "../errors.js";
import { excerpt } from "../util/excerpt.js";
import { DEFAULT_GRACE_DAYS, type RemediationValues } from "./types.js";

/** A KMS key or alias ARN (MGN's ebsEncryptionKeyArn is an ARN). */
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[A-Za-z0-9/_-]+$/;

/** The values of --expires, --grace-days, --ebs-kms-key and --private-routing, validated. */
function remediationValues(values: Record<string, unknown>): RemediationValues {
  const out: RemediationValues = {
    graceDays: DEFAULT_GRACE_DAYS,
    privateRouting: values["private-routing"] === true,
  };
  const expires = values.expires;
  if (typeof expires === "string") {
    const date = /^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/.test(expires) ? new Date(expires) : undefined;
    // A calendar overflow such as 2027-02-31 would roll over: the date must read back the same.
    if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== expires.slice(0, 10))
      throw new UsageError(`--expires ${JSON.stringify(excerpt(expires))}: expected a date YYYY-MM-DD`);
    out.expires = date;
  }
  const grace = values["grace-days"];
  if (typeof grace === "string") {
    if (!/^\d{1,3}$/.test(grace) || Number(grace) > 365)
      throw new UsageError(
        `--grace-days ${JSON.stringify(excerpt(grace))}: expected a whole number from 0 to 365`,
      );
    out.graceDays = Number(grace);
  }
  const key = values["ebs-kms-key"];
  if (typeof key === "string") {
    if (!KMS_KEY_ARN.test(key))
      throw new UsageError(`--ebs-kms-key ${JSON.stringify(excerpt(key))}: expected a KMS key ARN`);
    out.ebsKmsKeyArn = key;
  }
  return out;
}

export { KMS_KEY_ARN, remediationValues };
