/**
 * The Rekognition endpoint rules (`smithy.rules#endpointRuleSet`): a custom
 * endpoint, or `https://rekognition[-fips].{region}.{dnsSuffix}` in the
 * region's partition, with FIPS and dual-stack variants.
 *
 * @module
 */

/** An AWS partition: which regions it holds and its DNS suffixes. */
interface Partition {
  readonly regions: RegExp;
  readonly dnsSuffix: string;
  /** Absent when the partition has no dual-stack endpoints. Every partition has FIPS endpoints. */
  readonly dualStackDnsSuffix?: string;
}

/** The partitions, most specific first; `aws` is the fallback for any other region. */
const PARTITIONS: readonly Partition[] = [
  { regions: /^cn-\w+-\d+$/, dnsSuffix: "amazonaws.com.cn", dualStackDnsSuffix: "api.amazonwebservices.com.cn" },
  { regions: /^us-gov-\w+-\d+$/, dnsSuffix: "amazonaws.com", dualStackDnsSuffix: "api.aws" },
  { regions: /^us-iso-\w+-\d+$/, dnsSuffix: "c2s.ic.gov" },
  { regions: /^us-isob-\w+-\d+$/, dnsSuffix: "sc2s.sgov.gov" },
  { regions: /^eu-isoe-\w+-\d+$/, dnsSuffix: "cloud.adc-e.uk" },
  { regions: /^us-isof-\w+-\d+$/, dnsSuffix: "csp.hci.ic.gov" },
  { regions: /^eusc-(de)-\w+-\d+$/, dnsSuffix: "amazonaws.eu" },
  { regions: /(?:)/, dnsSuffix: "amazonaws.com", dualStackDnsSuffix: "api.aws" },
];

/** The inputs of the endpoint rules. */
export interface EndpointParameters {
  region?: string | undefined;
  endpoint?: string | undefined;
  useFipsEndpoint?: boolean | undefined;
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
  const partition = PARTITIONS.find((candidate) => candidate.regions.test(region))!;
  const host = useFipsEndpoint ? "rekognition-fips" : "rekognition";
  if (useDualstackEndpoint && !partition.dualStackDnsSuffix) {
    throw new Error(
      useFipsEndpoint
        ? "FIPS and DualStack are enabled, but this partition does not support one or both"
        : "DualStack is enabled but this partition does not support DualStack",
    );
  }
  const suffix = useDualstackEndpoint ? partition.dualStackDnsSuffix : partition.dnsSuffix;
  return `https://${host}.${region}.${suffix}`;
}
