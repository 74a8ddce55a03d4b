/**
 * The in-process example: rekognition-edge graded with the whole battery from
 * a Bun test through the package's own entry (`rekognition-edge/harness/node`),
 * no process per case. Its verdicts must be the ones committed for the
 * rekognition-edge driver (expected/rekognition-edge.json), which CI also
 * checks against the driver run as a process: in process or not, one client,
 * one grade.
 */
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { exitCodeOf, parseExpected, runConformance } from "rekognition-edge/harness/node";
import { rekognitionEdge } from "./in-process.ts";

test("rekognition-edge in-process gets the verdicts committed for its driver", async () => {
  const report = await runConformance({ client: rekognitionEdge, clientName: "rekognition-edge (in-process)" });
  const expected = parseExpected(readFileSync(new URL("expected/rekognition-edge.json", import.meta.url), "utf8"));
  expect(Object.fromEntries(report.cases.map(({ id, verdict }) => [id, verdict]))).toEqual(Object.fromEntries(expected));
  expect(exitCodeOf(report)).toBe(0);
  expect(report.totals.PASS).toBeGreaterThanOrEqual(17);
}, 30_000);
