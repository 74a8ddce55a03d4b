/**
 * Our client against the simulator, each on its own virtual clock (so the
 * client's can be off), through the simulator's fetch or the standalone
 * server over real HTTP, with every exchange recorded and faults the
 * simulator has no hook for injected on the way: a request dropped before it
 * reaches the service, a DescribeProjectVersions denied by IAM.
 */
import { RekognitionClient, type Transport } from "../mod.ts";
import { VirtualClock } from "../harness/clock.ts";
import { type RunningServer, startNodeServer } from "../harness/node/server.ts";
import { RekognitionSimulator, SIMULATOR_CREDENTIALS } from "../harness/simulator.ts";
import { jsonResponse, modeledErrorBody } from "../harness/wire.ts";

/** When the service's clock starts. */
export const START = Date.UTC(2026, 2, 1, 9, 0, 0);
/** One minute in milliseconds. */
export const MINUTE = 60_000;

/** One request the client sent, and what became of it. */
export interface Exchange {
  operation: string;
  /** The request's `X-Amz-Date` as epoch ms: the time the client signed for. */
  signedAt: number;
  /** Whether the simulator saw it (a dropped request never reaches it). */
  reached: boolean;
  /** The answer's status; 0 when no answer came (dropped, or lost after the service acted). */
  status: number;
  /** The answer's body, when one came. */
  body?: string;
}

/** What happens to each CreateProjectVersion request, in order: sent on, or dropped before the service sees it. Then `pass`. */
export type CreateFault = "pass" | "drop";

/** Options of {@link simulatedWorld}. */
export interface WorldOptions {
  /** How far the client's clock is from the service's (negative: behind). */
  clientOffsetMs?: number;
  /** The simulator's fetch (default), or the standalone server over HTTP with the global fetch. */
  via?: "simulator" | "server";
  createFaults?: CreateFault[];
  /** Answer DescribeProjectVersions with AccessDeniedException, as IAM would without `rekognition:DescribeProjectVersions`. */
  denyDescribe?: boolean;
  maxAttempts?: number;
}

/** A world: the simulator, its clock, our client on its own clock, and the exchanges between them. */
export interface World {
  simulator: RekognitionSimulator;
  serviceClock: VirtualClock;
  clientClock: VirtualClock;
  client: RekognitionClient;
  exchanges: Exchange[];
  /** Moves both clocks. */
  advance(ms: number): void;
  close(): Promise<void>;
}

const amzDateMs = (text: string | null) => Date.parse((text ?? "").replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, "$1-$2-$3T$4:$5:$6Z"));

/** Builds a world; `close()` it when done. */
export async function simulatedWorld(options: WorldOptions = {}): Promise<World> {
  const serviceClock = new VirtualClock({ start: START });
  const clientClock = new VirtualClock({ start: START + (options.clientOffsetMs ?? 0) });
  const simulator = new RekognitionSimulator({ clock: serviceClock, trainingSeconds: 600 });
  let server: RunningServer | undefined;
  if (options.via === "server") server = await startNodeServer({ simulator });
  const base: Transport = server ? (url, init) => globalThis.fetch(url, init) : (url, init) => simulator.fetch(url, init);
  const faults = [...(options.createFaults ?? [])];
  const exchanges: Exchange[] = [];

  const fetch: Transport = async (url, init) => {
    const headers = new Headers(init.headers);
    const operation = (headers.get("x-amz-target") ?? "").split(".")[1] ?? "";
    const exchange: Exchange = { operation, signedAt: amzDateMs(headers.get("x-amz-date")), reached: true, status: 0 };
    exchanges.push(exchange);
    if (operation === "CreateProjectVersion" && faults.shift() === "drop") {
      exchange.reached = false;
      throw new TypeError("read ECONNRESET (the request never reached the service)");
    }
    if (operation === "DescribeProjectVersions" && options.denyDescribe) {
      exchange.reached = false;
      const denied = `User: arn:aws:iam::111122223333:user/trainer is not authorized to perform: rekognition:DescribeProjectVersions`;
      const answer = jsonResponse(400, modeledErrorBody("AccessDeniedException", denied), serviceClock.now());
      exchange.status = answer.status;
      return answer;
    }
    const answer = await base(url, init); // a lost answer rejects here, status 0
    exchange.status = answer.status;
    exchange.body = await answer.clone().text();
    return answer;
  };

  const client = new RekognitionClient({
    region: "us-east-1",
    credentials: SIMULATOR_CREDENTIALS,
    fetch,
    clock: clientClock,
    random: () => 0.5,
    maxAttempts: options.maxAttempts ?? 3,
    ...(server ? { endpoint: server.url } : {}),
  });
  return {
    simulator,
    serviceClock,
    clientClock,
    client,
    exchanges,
    advance(ms) {
      serviceClock.advance(ms);
      clientClock.advance(ms);
    },
    close: async () => server?.close(),
  };
}

/** `operation status` of each exchange, e.g. `CreateProjectVersion 400`, `… dropped`. */
export function exchangeSummary(exchanges: readonly Exchange[]): string[] {
  return exchanges.map(({ operation, reached, status }) => `${operation} ${reached ? status || "lost" : status || "dropped"}`);
}
