import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
} from "@aws-sdk/client-cloudtrail";
import {
  ConfigServiceClient,
  DescribeConfigurationRecorderStatusCommand,
  DescribeConfigurationRecordersCommand,
  DescribeDeliveryChannelsCommand,
} from "@aws-sdk/client-config-service";
import {
  DescribeOrganizationCommand,
  OrganizationsClient,
  paginateListAWSServiceAccessForOrganization,
  paginateListDelegatedServicesForAccount,
} from "@aws-sdk/client-organizations";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentityProvider } from "@aws-sdk/types";
import { classifyAwsError } from "./errors.js";

/**
 * The read-only calls of `migration-guard doctor` (CLI only; no deployed function imports this):
 * AWS Config recorders, their status and delivery channels; CloudTrail trails, their status and event
 * selectors; Organizations trusted access and delegated administrators. Each read names its IAM
 * action in its error. The README lists these actions.
 */

const PREFLIGHT_ACTIONS = [
  "sts:GetCallerIdentity",
  "config:DescribeConfigurationRecorders",
  "config:DescribeConfigurationRecorderStatus",
  "config:DescribeDeliveryChannels",
  "cloudtrail:DescribeTrails",
  "cloudtrail:GetTrailStatus",
  "cloudtrail:GetEventSelectors",
  "organizations:DescribeOrganization",
  "organizations:ListAWSServiceAccessForOrganization",
  "organizations:ListDelegatedServicesForAccount",
] as const;

interface PreflightClientOptions {
  region?: string;
  credentials?: AwsCredentialIdentityProvider;
  /** Called for every client created (tests add middleware). */
  configure?: (client: { middlewareStack: { add: (...args: never[]) => unknown } }) => void;
}

class PreflightReads {
  readonly config: ConfigServiceClient;
  readonly cloudtrail: CloudTrailClient;
  readonly organizations: OrganizationsClient;
  readonly sts: STSClient;

  constructor(options: PreflightClientOptions = {}) {
    const base = {
      retryMode: "adaptive" as const,
      maxAttempts: 3,
      ...(options.region ? { region: options.region } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
    };
    this.config = new ConfigServiceClient(base);
    this.cloudtrail = new CloudTrailClient(base);
    this.organizations = new OrganizationsClient(base);
    this.sts = new STSClient(base);
    for (const client of [this.config, this.cloudtrail, this.organizations, this.sts])
      options.configure?.(client as never);
  }

  async region(): Promise<string> {
    return this.config.config.region();
  }

  async accountId(): Promise<string> {
    const out = await call("sts:GetCallerIdentity", () => this.sts.send(new GetCallerIdentityCommand({})));
    if (!out.Account) throw classifyAwsError(new Error("no Account in the answer"), "sts:GetCallerIdentity");
    return out.Account;
  }

  async recorders() {
    const out = await call("config:DescribeConfigurationRecorders", () =>
      this.config.send(new DescribeConfigurationRecordersCommand({})),
    );
    return out.ConfigurationRecorders ?? [];
  }

  async recorderStatuses() {
    const out = await call("config:DescribeConfigurationRecorderStatus", () =>
      this.config.send(new DescribeConfigurationRecorderStatusCommand({})),
    );
    return out.ConfigurationRecordersStatus ?? [];
  }

  async deliveryChannels() {
    const out = await call("config:DescribeDeliveryChannels", () =>
      this.config.send(new DescribeDeliveryChannelsCommand({})),
    );
    return out.DeliveryChannels ?? [];
  }

  /** The trails that log in this region: its own and other regions' multi-region trails (shadow trails). */
  async trails() {
    const out = await call("cloudtrail:DescribeTrails", () =>
      this.cloudtrail.send(new DescribeTrailsCommand({ includeShadowTrails: true })),
    );
    return out.trailList ?? [];
  }

  async trailLogging(trailArn: string): Promise<boolean> {
    const out = await call("cloudtrail:GetTrailStatus", () =>
      this.cloudtrail.send(new GetTrailStatusCommand({ Name: trailArn })),
    );
    return out.IsLogging === true;
  }

  async eventSelectors(trailArn: string) {
    return call("cloudtrail:GetEventSelectors", () =>
      this.cloudtrail.send(new GetEventSelectorsCommand({ TrailName: trailArn })),
    );
  }

  /** The organization's management account id. */
  async managementAccountId(): Promise<string | undefined> {
    const out = await call("organizations:DescribeOrganization", () =>
      this.organizations.send(new DescribeOrganizationCommand({})),
    );
    return out.Organization?.MasterAccountId;
  }

  /** The service principals with trusted access (every page). */
  async trustedServices(): Promise<string[]> {
    return call("organizations:ListAWSServiceAccessForOrganization", async () => {
      const principals: string[] = [];
      for await (const page of paginateListAWSServiceAccessForOrganization(
        { client: this.organizations },
        {},
      ))
        for (const s of page.EnabledServicePrincipals ?? [])
          if (s.ServicePrincipal) principals.push(s.ServicePrincipal);
      return principals;
    });
  }

  /**
   * The service principals `accountId` is delegated administrator for (every page); none when the
   * account is not registered (AccountNotRegisteredException, organizations API model).
   */
  async delegatedServices(accountId: string): Promise<string[]> {
    return call("organizations:ListDelegatedServicesForAccount", async () => {
      const principals: string[] = [];
      try {
        for await (const page of paginateListDelegatedServicesForAccount(
          { client: this.organizations },
          { AccountId: accountId },
        ))
          for (const s of page.DelegatedServices ?? [])
            if (s.ServicePrincipal) principals.push(s.ServicePrincipal);
      } catch (error) {
        if ((error as { name?: string }).name !== "AccountNotRegisteredException") throw error;
      }
      return principals;
    });
  }
}

async function call<T>(action: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw classifyAwsError(error, action);
  }
}

export type { PreflightClientOptions };
export { PREFLIGHT_ACTIONS, PreflightReads };
