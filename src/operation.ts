/**
 * An operation as data: its wire name and the schemas of its input and output.
 * The client sends any operation through one path (validate, sign, send,
 * retry, parse).
 *
 * @module
 */
import type * as v from "valibot";

/** An operation of the Rekognition service. */
export interface Operation<TInput extends v.GenericSchema, TOutput extends v.GenericSchema> {
  /** The wire name, sent as `X-Amz-Target: RekognitionService.<name>`. */
  readonly name: string;
  /** The schema every input must pass before anything is sent. */
  readonly input: TInput;
  /** The schema a 2xx body must pass. */
  readonly output: TOutput;
}

/** Describes an operation. */
export function defineOperation<TInput extends v.GenericSchema, TOutput extends v.GenericSchema>(
  name: string,
  input: TInput,
  output: TOutput,
): Operation<TInput, TOutput> {
  return { name, input, output };
}
