/**
 * An AWS Config configuration item, normalized from the two spellings AWS Config delivers
 * (config/items.ts parses and validates it). It is the second shape aws/ maps into the model, so it
 * lives here, beside the model, for both config/ and aws/ to use.
 */
interface ConfigurationItem {
  resourceType: string;
  resourceId: string;
  resourceName: string | undefined;
  arn: string | undefined;
  accountId: string | undefined;
  awsRegion: string | undefined;
  /** configurationItemStatus (Config API model, ConfigurationItemStatus). */
  status: string;
  captureTime: Date;
  /** The CloudFormation-style configuration; null for deleted and not-recorded resources. */
  configuration: Record<string, unknown> | null;
  tags: Record<string, string>;
}

/** A configuration item that carries its configuration: what aws/ maps into a model resource. */
type RecordedItem = ConfigurationItem & { configuration: Record<string, unknown> };

export type { ConfigurationItem, RecordedItem };
