/**
 * The Rekognition endpoint rules (`smithy.rules#endpointRuleSet`): a custom
 * endpoint, or `https://rekognition[-fips].{region}.{dnsSuffix}` in the
 * region's partition, with FIPS and dual-stack variants.
 *
 * @module
 */

/**
 * The AWS partitions but `aws`: the prefix of their region names (`<prefix>-<area>-<number>`), their DNS suffix,
 * and their dual-stack DNS suffix (none when the partition has no dual-stack endpoints; every partition has FIPS
 * endpoints).
 */
const PARTITIONS: readonly (readonly [prefix: string, dnsSuffix: string, dualStackDnsSuffix?: string])[] = [
  ["cn", "amazonaws.com.cn", "api.amazonwebservices.com.cn"],
  ["us-gov", "amazonaws.com", "api.aws"],
  ["us-iso", "c2s.ic.gov"],
  ["us-isob", "sc2s.sgov.gov"],
  ["eu-isoe", "cloud.adc-e.uk"],
  ["us-isof", "csp.hci.ic.gov"],
  ["eusc-de", "amazonaws.eu"],
];

/** `aws`, the partition of any other region. */
const AWS_PARTITION = ["aws", "amazonaws.com", "api.aws"] as const;

/** The inputs of the endpoint rules. */
export interface EndpointParameters {
  /** The AWS region, e.g. `us-east-1`; its partition gives the DNS suffix. Required unless `endpoint` is given. */
  region?: string | undefined;
  /** A custom endpoint, returned as it is. Not with FIPS or dual-stack. */
  endpoint?: string | undefined;
  /** The FIPS host, `rekognition-fips.{region}…`. */
  useFipsEndpoint?: boolean | undefined;
  /** The dual-stack (IPv6) DNS suffix of the partition, e.g. `api.aws`; an error where the partition has none. */
  useDualstackEndpoint?: boolean | undefined;
}

/**
 * The endpoint URL for `params`, or the rule set's error message as a thrown
 * `Error` (callers turn it into a ValidationError).
 */
export function resolveEndpoint({ region, endpoint, useFipsEndpoint = false, useDualstackEndpoint = false }: EndpointParameters): string {
  if (endpoint !== undefined) {
    if (useFipsEndpoint) throw new Error("Invalid Configuration: FIPS and custom endpoint are not supported");
    if (useDualstackEndpoint) throw new Error("Invalid Configuration: Dualstack and custom endpoint are not supported");
    return endpoint;
  }
  if (region === undefined) throw new Error("Invalid Configuration: Missing Region");
  const [, dnsSuffix, dualStackDnsSuffix] = PARTITIONS.find(([prefix]) => new RegExp(`^${prefix}-\\w+-\\d+$`).test(region)) ?? AWS_PARTITION;
  const host = useFipsEndpoint ? "rekognition-fips" : "rekognition";
  if (useDualstackEndpoint && !dualStackDnsSuffix) {
    throw new Error(
      useFipsEndpoint
        ? "FIPS and DualStack are enabled, but this partition does not support one or both"
        : "DualStack is enabled but this partition does not support DualStack",
    );
  }
  return `https://${host}.${region}.${useDualstackEndpoint ? dualStackDnsSuffix : dnsSuffix}`;
}
