/**
 * A simulator as `fetch`: what `RekognitionSimulator.fetch` is, for a client
 * (`new RekognitionClient({ fetch })`) or a Worker. Requests under `/__admin/`
 * go to the control plane, the others to the simulator's pipeline; a dropped
 * connection rejects as `fetch` does, and an aborted `signal` rejects with
 * its reason, also while a queued answer's delay runs.
 *
 * @module
 */
import { handleAdminRequest, isAdminPath } from "./control-plane.ts";
import { connectionFailure, type Fault, faultOf } from "./faults.ts";
import { pathnameOf } from "./request-path.ts";
import type { SimulatorControls } from "./simulator-controls.ts";

/** A `fetch` function. */
export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** The `fetch` of a simulator: its control plane, and `handle` for everything else. */
export function simulatorFetch(controls: SimulatorControls, handle: (request: Request) => Promise<Response>): FetchFunction {
  return async (input, init) => {
    const request = new Request(input, init);
    request.signal.throwIfAborted();
    if (isAdminPath(pathnameOf(request.url))) return handleAdminRequest(controls, request);
    const response = await handle(request);
    request.signal.throwIfAborted();
    if (response.type === "error") throw connectionFailure((faultOf(response) ?? "EMPTY_RESPONSE") as Exclude<Fault, "TRUNCATED_BODY">);
    return response;
  };
}
