import type { AwsClients } from "../aws/clients.js";
import { assumeRoleClientOf, MemberAccess, type MemberAccessOptions } from "../aws/member-access.js";
import { checkRoleName } from "../aws/member-checks.js";
import { describeError, MalformedInputError } from "../errors.js";

/**
 * The deployment mode of the rule functions, from their environment (read once per container):
 * - per-account (default): evaluate and report in the function's own account;
 * - organization: MEMBER_ROLE_NAME is set; each event is evaluated and reported in its member
 *   account (`accountId`) through that role. MEMBER_STACK_SET_NAME names the StackSet that creates
 *   the role, so a member without it gets an error saying where the role should come from.
 */

type DeploymentMode =
  | { mode: "account" }
  | { mode: "organization"; roleName: string; stackSetName: string | undefined; region: string };

function deploymentModeFromEnvironment(env: Record<string, string | undefined>): DeploymentMode {
  const roleName = env.MEMBER_ROLE_NAME?.trim();
  if (!roleName) return { mode: "account" };
  try {
    checkRoleName(roleName, "MEMBER_ROLE_NAME");
  } catch (error) {
    throw new MalformedInputError(describeError(error), { cause: error });
  }
  const region = env.AWS_REGION?.trim();
  if (!region) throw new MalformedInputError("AWS_REGION: missing; organization mode needs the region");
  return {
    mode: "organization",
    roleName,
    stackSetName: env.MEMBER_STACK_SET_NAME?.trim() || undefined,
    region,
  };
}

/**
 * Organization mode: the member access every invocation of this container shares (`configure` is
 * installed on every member SDK client). Per-account: undefined.
 */
function memberAccessFor(
  mode: DeploymentMode,
  clients: AwsClients,
  options: Pick<MemberAccessOptions, "configure"> = {},
): MemberAccess | undefined {
  if (mode.mode === "account") return undefined;
  return new MemberAccess({
    roleName: mode.roleName,
    region: mode.region,
    sts: assumeRoleClientOf(clients),
    ...(mode.stackSetName ? { stackSetName: mode.stackSetName } : {}),
    ...(options.configure ? { configure: options.configure } : {}),
  });
}

export type { DeploymentMode };
export { deploymentModeFromEnvironment, memberAccessFor };
