/**
 * The kit's side of the control plane: the `/__admin/` endpoints over HTTP,
 * as any language would drive them (JSON in and out, `Content-Type:
 * application/json` on every POST, a bearer token when the server has one).
 * The kit never reaches into a simulator object: a server started elsewhere
 * (`--server URL`) is driven exactly like its own.
 *
 * @module
 */
import type { VersionStatusChange } from "../admin-input.ts";
import type { JournalEntry, JournalFilter } from "../journal.ts";
import type { QueuedResponse } from "../response-queue.ts";
import type { SimulatorState } from "../service-model.ts";
import type { SimulatorHealth } from "../simulator-controls.ts";

/** Where the control plane is and how to reach it. */
export interface ControlPlaneAddress {
  /** The server's URL, e.g. `http://127.0.0.1:4599`. */
  url: string;
  /** The server's admin token, when it has one. */
  adminToken?: string;
  /** The transport; `globalThis.fetch` by default. */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
}

/** A control-plane call that did not answer 200. */
export class ControlPlaneCallError extends Error {
  /** `ControlPlaneCallError`. */
  override name = "ControlPlaneCallError";
  /** `status`: the status answered (0 when the server could not be reached). */
  constructor(
    /** The status answered, or 0. */
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The control plane of one server, one method per endpoint the kit uses. */
export class ControlPlaneClient {
  readonly #base: string;
  readonly #token: string | undefined;
  readonly #fetch: (input: string, init: RequestInit) => Promise<Response>;

  /** A client of the control plane at `address.url`. */
  constructor(address: ControlPlaneAddress) {
    this.#base = address.url.replace(/\/+$/, "");
    this.#token = address.adminToken;
    this.#fetch = address.fetch ?? ((input, init) => fetch(input, init));
  }

  async #call<T>(method: "GET" | "POST" | "DELETE", path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (this.#token !== undefined) headers.authorization = `Bearer ${this.#token}`;
    if (method === "POST") headers["content-type"] = "application/json";
    let response: Response;
    try {
      response = await this.#fetch(`${this.#base}/__admin/${path}`, {
        method,
        headers,
        ...(method === "POST" ? { body: JSON.stringify(body ?? {}) } : {}),
      });
    } catch (error) {
      throw new ControlPlaneCallError(0, `cannot reach the control plane at ${this.#base}/__admin/: ${(error as Error)?.message ?? error}`);
    }
    const text = await response.text();
    if (response.status !== 200) {
      const reason = /"error"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(text)?.[1] ?? text.slice(0, 200);
      throw new ControlPlaneCallError(response.status, `${method} /__admin/${path} answered ${response.status}: ${reason}`);
    }
    return JSON.parse(text) as T;
  }

  /** `GET /__admin/health`. */
  health(): Promise<SimulatorHealth> {
    return this.#call("GET", "health");
  }

  /** `POST /__admin/reset`. */
  async reset(): Promise<void> {
    await this.#call("POST", "reset");
  }

  /** `POST /__admin/projects`: a CUSTOM_LABELS project without datasets; returns its ARN. */
  async addProject(ProjectName: string): Promise<string> {
    return (await this.#call<{ ProjectArn: string }>("POST", "projects", { ProjectName })).ProjectArn;
  }

  /** `POST /__admin/responses`: returns the queued answer's id. */
  async queue(queued: QueuedResponse): Promise<string> {
    return (await this.#call<{ id: string }>("POST", "responses", queued)).id;
  }

  /** `GET /__admin/state`. */
  state(): Promise<SimulatorState> {
    return this.#call("GET", "state");
  }

  /** `GET /__admin/requests`, optionally filtered. */
  async requests(filter: JournalFilter = {}): Promise<JournalEntry[]> {
    const query = new URLSearchParams(Object.entries(filter).filter((entry): entry is [string, string] => entry[1] !== undefined)).toString();
    return (await this.#call<{ requests: JournalEntry[] }>("GET", `requests${query ? `?${query}` : ""}`)).requests;
  }

  /** `DELETE /__admin/requests`. */
  async clearRequests(): Promise<void> {
    await this.#call("DELETE", "requests");
  }

  /** `POST /__admin/versions/status`. */
  async setVersionStatus(change: VersionStatusChange): Promise<void> {
    await this.#call("POST", "versions/status", change);
  }

  /** `POST /__admin/clock/advance`: moves the training clock ahead. */
  async advanceClock(seconds: number): Promise<void> {
    await this.#call("POST", "clock/advance", { seconds });
  }

  /** `POST /__admin/clock/skew`: sets the service's clock this far from the real one. */
  async setClockSkew(seconds: number): Promise<void> {
    await this.#call("POST", "clock/skew", { seconds });
  }
}
