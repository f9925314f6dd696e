import {
  ConfigServiceClient,
  GetComplianceDetailsByConfigRuleCommand,
  PutEvaluationsCommand,
} from "@aws-sdk/client-config-service";
import {
  DatabaseMigrationServiceClient,
  DescribeCertificatesCommand,
  DescribeDataProvidersCommand,
  DescribeEndpointsCommand,
} from "@aws-sdk/client-database-migration-service";
import { mockClient } from "aws-sdk-client-mock";
import { fixture } from "./fixtures.js";

/**
 * The reference DMS account behind the SDK clients (aws-sdk-client-mock), for the handler tests
 * that run `dms-endpoint-tls`: the API reference's DescribeEndpoints and DescribeCertificates
 * outputs, no data providers (moto has no DescribeDataProviders), and AWS Config accepting every
 * evaluation and holding no results. `reset()` restores exactly that; tests override per case.
 */
function mockDmsAccount() {
  const config = mockClient(ConfigServiceClient);
  const dms = mockClient(DatabaseMigrationServiceClient);
  function reset(): void {
    config.reset();
    dms.reset();
    config.on(PutEvaluationsCommand).resolves({ FailedEvaluations: [] });
    config.on(GetComplianceDetailsByConfigRuleCommand).resolves({ EvaluationResults: [] });
    dms.on(DescribeCertificatesCommand).resolves(fixture("dms/DescribeCertificates/reference.json"));
    dms.on(DescribeEndpointsCommand).resolves(fixture("dms/DescribeEndpoints/reference.json"));
    dms.on(DescribeDataProvidersCommand).resolves({ DataProviders: [] });
  }
  return { config, dms, reset };
}

/** A handler log that keeps its lines (`logs`), emptied by `clear()`. */
function recordingLog() {
  const logs: { level: string; message: string; extra?: Record<string, unknown> }[] = [];
  return {
    logs,
    log: {
      info: (message: string, extra?: Record<string, unknown>) =>
        logs.push({ level: "info", message, extra }),
      error: (message: string, extra?: Record<string, unknown>) =>
        logs.push({ level: "error", message, extra }),
    },
    clear: () => {
      logs.length = 0;
    },
  };
}

export { mockDmsAccount, recordingLog };
