/** The endpoint rules, checked against every endpoint test case of the model. */
import { describe, expect, test } from "bun:test";
import { RekognitionClient, resolveEndpoint, ValidationError } from "../mod.ts";
import { EXAMPLE_CREDENTIALS } from "./helpers.ts";
import { model } from "./spec.ts";

interface EndpointCase {
  documentation: string;
  params?: { Region?: string; UseFIPS?: boolean; UseDualStack?: boolean; Endpoint?: string };
  expect: { endpoint?: { url: string }; error?: string };
}

const service = model().shapes["com.amazonaws.rekognition#RekognitionService"]!;
const cases = (service.traits!["smithy.rules#endpointTests"] as { testCases: EndpointCase[] }).testCases;

describe("endpoint rules (smithy.rules#endpointTests)", () => {
  test("the model holds the 43 cases", () => expect(cases).toHaveLength(43));

  for (const { documentation, params = {}, expect: expected } of cases) {
    test(documentation, () => {
      const parameters = {
        region: params.Region,
        endpoint: params.Endpoint,
        useFipsEndpoint: params.UseFIPS,
        useDualstackEndpoint: params.UseDualStack,
      };
      if (expected.endpoint) expect(resolveEndpoint(parameters)).toBe(expected.endpoint.url);
      else expect(() => resolveEndpoint(parameters)).toThrow(expected.error!);
    });
  }

  test("the partitions the model's cases do not reach (AWS partitions data); any other region is in `aws`", () => {
    const url = (region: string, dualStack = false) => {
      try {
        return resolveEndpoint({ region, useFipsEndpoint: true, useDualstackEndpoint: dualStack });
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(url("eu-isoe-west-1")).toBe("https://rekognition-fips.eu-isoe-west-1.cloud.adc-e.uk");
    expect(url("us-isof-south-1")).toBe("https://rekognition-fips.us-isof-south-1.csp.hci.ic.gov");
    expect(url("eusc-de-east-1")).toBe("https://rekognition-fips.eusc-de-east-1.amazonaws.eu");
    for (const region of ["eu-isoe-west-1", "us-isof-south-1", "eusc-de-east-1"]) {
      expect(url(region, true)).toBe("FIPS and DualStack are enabled, but this partition does not support one or both");
    }
    // Region names outside every partition's pattern: `aws`.
    expect(url("mars-central-1", true)).toBe("https://rekognition-fips.mars-central-1.api.aws");
    expect(url("cn-north", true)).toBe("https://rekognition-fips.cn-north.api.aws");
    expect(url("us-isoz-east-1")).toBe("https://rekognition-fips.us-isoz-east-1.amazonaws.com");
    expect(url("xcn-north-1")).toBe("https://rekognition-fips.xcn-north-1.amazonaws.com");
    expect(url("cn-north-1a")).toBe("https://rekognition-fips.cn-north-1a.amazonaws.com");
  });

  test("the client refuses what the rules refuse, before anything is sent", () => {
    const attempt = (config: Record<string, unknown>) => () => new RekognitionClient({ credentials: EXAMPLE_CREDENTIALS, ...config });
    expect(attempt({})).toThrow(ValidationError);
    expect(attempt({})).toThrow("Invalid Configuration: Missing Region");
    expect(attempt({ endpoint: "http://127.0.0.1:4566", useFipsEndpoint: true })).toThrow("FIPS and custom endpoint are not supported");
    expect(attempt({ endpoint: "http://127.0.0.1:4566", useDualstackEndpoint: true })).toThrow("Dualstack and custom endpoint are not supported");
    expect(attempt({ region: "us-iso-east-1", useDualstackEndpoint: true })).toThrow("DualStack is enabled but this partition does not support DualStack");
  });

  test("the client sends to the resolved endpoint and signs for the region", () => {
    const client = (config: Record<string, unknown>) => new RekognitionClient({ credentials: EXAMPLE_CREDENTIALS, ...config }).config;
    expect(client({ region: "eu-west-1" })).toMatchObject({ endpoint: "https://rekognition.eu-west-1.amazonaws.com/", region: "eu-west-1" });
    expect(client({ region: "cn-north-1", useFipsEndpoint: true, useDualstackEndpoint: true }).endpoint).toBe(
      "https://rekognition-fips.cn-north-1.api.amazonwebservices.com.cn/",
    );
    expect(client({ region: "us-gov-west-1", useFipsEndpoint: true }).endpoint).toBe("https://rekognition-fips.us-gov-west-1.amazonaws.com/");
    expect(client({ endpoint: "http://127.0.0.1:4566" })).toMatchObject({ endpoint: "http://127.0.0.1:4566/", region: "us-east-1" });
    expect(client({ endpoint: "https://proxy.example.com/rekognition/", region: "eu-west-1" }).endpoint).toBe("https://proxy.example.com/rekognition/");
  });

  test("a region that is not a host label is refused", () => {
    expect(() => new RekognitionClient({ credentials: EXAMPLE_CREDENTIALS, region: "us-east-1.evil.com/" })).toThrow(ValidationError);
    expect(() => new RekognitionClient({ credentials: EXAMPLE_CREDENTIALS, endpoint: "ftp://x" })).toThrow("endpoint must be an http(s) URL");
  });
});
