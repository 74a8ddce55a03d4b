/**
 * The sources the cases cite, stated once. Each says where the expected
 * behaviour is written down (AWS documentation, a specification, the official
 * SDKs' code as installed here, WIRE-SAMPLES findings).
 *
 * @module
 */

/** The Rekognition Developer Guide's error table: which errors are "OK to retry". */
export const REKOGNITION_ERRORS =
  "Amazon Rekognition Developer Guide, Error handling (docs.aws.amazon.com/rekognition/latest/dg/error-handling.html; awsdocs/amazon-rekognition-developer-guide doc_source/error-handling.md)";

/** The SDKs' shared retry rules. */
export const SDK_RETRY = "AWS SDKs and Tools Reference Guide, Retry behavior (docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html)";

/** botocore's two retry modes, as installed (1.43). */
export const BOTOCORE_RETRY =
  "botocore retries/standard.py (standard: 3 attempts; transient = 500/502/503/504 and connection errors; throttling codes incl. ThrottlingException, ProvisionedThroughputExceededException) and data/_retry.json (legacy, its default: 5 attempts, the same statuses and socket errors)";

/** The JavaScript SDK v3's retry rules, as installed (@smithy/core 3.41). */
export const JS_SDK_RETRY =
  "@smithy/core retry (StandardRetryStrategy: 3 attempts; TRANSIENT_ERROR_STATUS_CODES 500/502/503/504; THROTTLING_ERROR_CODES; ECONNRESET and other socket errors are transient)";

/** The awsJson1_1 protocol. */
export const AWS_JSON =
  "Smithy awsJson1_1 protocol (smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html): POST /, X-Amz-Target RekognitionService.<Operation>, Content-Type application/x-amz-json-1.1";

/** SigV4. */
export const SIGV4 =
  "IAM User Guide, Signing AWS API requests (SigV4): a signature over the request for the credential scope <date>/<region>/rekognition/aws4_request";

/** The CreateProjectVersion API reference. */
export const CREATE_API =
  "Amazon Rekognition API Reference, CreateProjectVersion (docs.aws.amazon.com/rekognition/latest/APIReference/API_CreateProjectVersion.html)";

/** The waiters of the model, botocore and the JS SDK. */
export const WAITERS =
  "Rekognition model waiter ProjectVersionTrainingCompleted (success when every Status is TRAINING_COMPLETED, failure on TRAINING_FAILED): botocore data/rekognition/2016-06-27/waiters-2.json (delay 120 s, 360 attempts) and @aws-sdk/client-rekognition waitForProjectVersionTrainingCompleted (minDelay 120 s); both poll at once, then sleep (botocore waiter.py, @smithy/core util-waiter runPolling)";
