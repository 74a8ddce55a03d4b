// Which SigV4 hashing the installed package's default client uses on this runtime: makes one call to
// the standalone server and counts the WebCrypto (crypto.subtle) calls it took. Prints "WebCrypto" or
// "native" (the runtime's own hashing: node:crypto, Bun.CryptoHasher).
// Usage: <runtime> hashing.mjs <endpoint>
import { RekognitionClient } from "rekognition-edge";

const endpoint = globalThis.Deno?.args[0] ?? process.argv[2];
let subtleCalls = 0;
for (const name of ["digest", "importKey", "sign"]) {
  const original = crypto.subtle[name].bind(crypto.subtle);
  crypto.subtle[name] = (...args) => (subtleCalls++, original(...args));
}
const client = new RekognitionClient({
  region: "us-east-1",
  endpoint,
  credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" },
});
const ProjectArn = "arn:aws:rekognition:us-east-1:111122223333:project/demo-custom-labels/1700000000000";
const { ProjectVersionDescriptions } = await client.describeProjectVersions({ ProjectArn });
if (!Array.isArray(ProjectVersionDescriptions)) throw new Error("no ProjectVersionDescriptions in the answer");
console.log(subtleCalls > 0 ? "WebCrypto" : "native");
