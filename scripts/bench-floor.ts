/**
 * The floor of the brief, as a benchmark peer: the raw aws4fetch call plus what
 * the brief requires of every call, valibot validation of the input and of the
 * answer against the model's schemas (this library's, `src/operations/`).
 * Nothing else: no typed errors, retries, timeouts, endpoint rules or waiter.
 * Any client built to the brief weighs at least this; the bench measures it to
 * tell the cost of the requirements from the cost of this library's own code.
 *
 * @module
 */
import { AwsClient } from "aws4fetch";
import * as v from "valibot";
import type { Operation } from "../src/operation.ts";

export { createProjectVersion } from "../src/operations/create-project-version.ts";
export { describeProjectVersions } from "../src/operations/describe-project-versions.ts";

/** Calls an operation: validates the input, signs, sends, validates the answer. */
export type FloorCall = <TInput extends v.GenericSchema, TOutput extends v.GenericSchema>(
  operation: Operation<TInput, TOutput>,
  input: v.InferInput<TInput>,
) => Promise<v.InferOutput<TOutput>>;

/** A client of the floor, e.g. `call(createProjectVersion, input)`. */
export function floorClient(config: {
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  endpoint?: string;
  /** The transport; `fetch` by default. */
  fetch?: (request: Request) => Promise<Response>;
}): FloorCall {
  const send = config.fetch ?? ((request: Request) => fetch(request));
  const aws = new AwsClient({ ...config.credentials, region: config.region, service: "rekognition", retries: 0 });
  const url = config.endpoint ? `${config.endpoint}/` : `https://rekognition.${config.region}.amazonaws.com/`;
  return async (operation, input) => {
    const request = await aws.sign(url, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": `RekognitionService.${operation.name}` },
      body: JSON.stringify(v.parse(operation.input, input)),
    });
    const response = await send(request);
    if (!response.ok) throw new Error(`${operation.name}: ${response.status} ${await response.text()}`);
    return v.parse(operation.output, await response.json());
  };
}
