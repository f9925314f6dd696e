import type { KmsKey } from "../model/index.js";
import { describeKey } from "./schemas/kms.js";
import { parseAt } from "./schemas/parse.js";

/** KMS DescribeKey output → key (`path` names the call, e.g. `kms.DescribeKey["alias/x"]`). */
function keyFromApi(output: unknown, path: string): KmsKey {
  return parseAt(describeKey, output, path);
}

export { keyFromApi };
