/** Reads the facts in spec/ (in the repository: spec/README.md says where each comes from). */
import { readFileSync } from "node:fs";

const specUrl = new URL("../spec/", import.meta.url);

/** A JSON file of spec/. */
export function readSpec<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, specUrl), "utf8")) as T;
}

/** The Smithy JSON AST subset of the Rekognition model. */
export interface SmithyModel {
  metadata: Record<string, unknown>;
  shapes: Record<
    string,
    {
      type: string;
      traits?: Record<string, unknown>;
      members?: Record<string, { target: string; traits?: Record<string, unknown> }>;
      member?: { target: string };
      key?: { target: string };
      value?: { target: string };
    }
  >;
}

export const model = () => readSpec<SmithyModel>("rekognition-project-versions.json");
