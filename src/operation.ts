/**
 * An operation as data: its wire name and the schemas of its input and output.
 * The client sends any operation through one path (validate, sign, send,
 * retry, parse).
 *
 * @module
 */
import type { GenericSchema } from "./schema-types.ts";

/** An operation of the Rekognition service. */
export interface Operation<TInput extends GenericSchema, TOutput extends GenericSchema> {
  /** The wire name, sent as `X-Amz-Target: RekognitionService.<name>`. */
  readonly name: string;
  /** The schema every input must pass before anything is sent. */
  readonly input: TInput;
  /** The schema a 2xx body must pass. */
  readonly output: TOutput;
}

/** Describes an operation. */
export function defineOperation<TInput extends GenericSchema, TOutput extends GenericSchema>(
  name: string,
  input: TInput,
  output: TOutput,
): Operation<TInput, TOutput> {
  return { name, input, output };
}
