/** Types of ./bench-peers.mjs (plain JavaScript so that Node runs it as is). */
export declare const PEERS: string[];
export declare const FLOOR: "floor: aws4fetch + schemas";
export declare const WEBCRYPTO: "rekognition-edge (WebCrypto)";
export declare const FLOOR_MODULE: URL;
export declare const CREATED: { ProjectVersionArn: string };
export declare const ANSWER_HEADERS: Record<string, string>;
export declare function createPeer(peer: string, endpoint: string | undefined): Promise<() => Promise<string>>;
