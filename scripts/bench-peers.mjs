// The peers of the benchmark, each making one CreateProjectVersion call the way
// its users would: rekognition-edge, the official @aws-sdk/client-rekognition,
// a raw aws4fetch call (signing and fetch, nothing else), and the floor of the
// brief (that call plus valibot validation of input and answer).
// Plain JavaScript importing packages by name, so Node ≥ 20 and Bun load each
// peer as a user's program would ("rekognition-edge" is dist/mod.node.js on Node, dist/bun/mod.js on Bun).

/** The peer that is not a client: the floor of the brief (scripts/bench-floor.ts). */
export const FLOOR = "floor: aws4fetch + schemas";
/** rekognition-edge hashing with WebCrypto, as on Workers and Deno (the Bun and Node entries hash natively). */
export const WEBCRYPTO = "rekognition-edge (WebCrypto)";
/** The peers, in table order. */
export const PEERS = ["rekognition-edge", WEBCRYPTO, "@aws-sdk/client-rekognition", "aws4fetch (raw)", FLOOR];

/**
 * scripts/bench-floor.ts bundled with its dependencies inlined (as Bun's `dist/bun/` entries are), by the bench
 * (`bundleFloor` in bench-workers.ts) before it starts these processes.
 */
export const FLOOR_MODULE = new URL("../node_modules/.cache/rekognition-edge-bench/floor.mjs", import.meta.url);

const REGION = "us-east-1";
const CREDENTIALS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
const INPUT = {
  ProjectArn: "arn:aws:rekognition:us-east-1:111122223333:project/my-project/1690474772815",
  VersionName: "v1",
  OutputConfig: { S3Bucket: "training-output", S3KeyPrefix: "v1/" },
};
/** What the service answers to CreateProjectVersion. */
export const CREATED = { ProjectVersionArn: "arn:aws:rekognition:us-east-1:111122223333:project/my-project/version/v1/1690556751958" };
export const ANSWER_HEADERS = { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": "bench-request" };
const ANSWER_BYTES = new TextEncoder().encode(JSON.stringify(CREATED));

/**
 * Builds one peer and returns a function making one CreateProjectVersion call
 * and resolving with the new version's ARN. `endpoint` is a loopback server;
 * without it the peer gets a canned answer instead of a network call.
 *
 * @param {string} peer one of {@link PEERS}
 * @param {string | undefined} endpoint
 * @returns {Promise<() => Promise<string>>}
 */
export async function createPeer(peer, endpoint) {
  const canned = async () => new Response(ANSWER_BYTES, { status: 200, headers: ANSWER_HEADERS });
  if (peer === "rekognition-edge" || peer === WEBCRYPTO) {
    const { RekognitionClient, webCryptoSha256 } = await import("rekognition-edge");
    const sha256 = peer === WEBCRYPTO ? { sha256: webCryptoSha256 } : {};
    const client = new RekognitionClient({ region: REGION, credentials: CREDENTIALS, ...sha256, ...(endpoint ? { endpoint } : { fetch: canned }) });
    return async () => (await client.createProjectVersion(INPUT)).ProjectVersionArn;
  }
  if (peer === "@aws-sdk/client-rekognition") {
    const { RekognitionClient, CreateProjectVersionCommand } = await import("@aws-sdk/client-rekognition");
    // A request handler is the SDK's transport; this one answers without a network.
    const requestHandler = { handle: async () => ({ response: { statusCode: 200, headers: { ...ANSWER_HEADERS }, body: ANSWER_BYTES } }) };
    const client = new RekognitionClient({ region: REGION, credentials: CREDENTIALS, ...(endpoint ? { endpoint } : { requestHandler }) });
    return async () => (await client.send(new CreateProjectVersionCommand(INPUT))).ProjectVersionArn;
  }
  if (peer === "aws4fetch (raw)") {
    const { AwsClient } = await import("aws4fetch");
    const aws = new AwsClient({ ...CREDENTIALS, region: REGION, service: "rekognition", retries: 0 });
    const url = endpoint ? `${endpoint}/` : `https://rekognition.${REGION}.amazonaws.com/`;
    const init = () => ({
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "RekognitionService.CreateProjectVersion" },
      body: JSON.stringify(INPUT),
    });
    // Over the network `aws.fetch` signs and sends; canned, the signed request is built and the answer made up.
    const send = endpoint ? () => aws.fetch(url, init()) : async () => (await aws.sign(url, init()), canned());
    return async () => {
      const response = await send();
      if (!response.ok) throw new Error(`CreateProjectVersion: ${response.status}`);
      return (await response.json()).ProjectVersionArn;
    };
  }
  if (peer === FLOOR) {
    const { createProjectVersion, floorClient } = await import(FLOOR_MODULE.href);
    const call = floorClient({ region: REGION, credentials: CREDENTIALS, endpoint, ...(endpoint ? {} : { fetch: canned }) });
    return async () => (await call(createProjectVersion, INPUT)).ProjectVersionArn;
  }
  throw new Error(`unknown peer ${peer}`);
}
