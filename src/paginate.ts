/**
 * Paging through DescribeProjectVersions (the model's `@paginated` trait:
 * `NextToken` in and out, items `ProjectVersionDescriptions`, page size
 * `MaxResults`).
 *
 * @module
 */
import type { CallOptions, RekognitionClient, WithMetadata } from "./client.ts";
import { MalformedResponseError } from "./errors.ts";
import type { DescribeProjectVersionsInput, DescribeProjectVersionsOutput } from "./operations/describe-project-versions.ts";

/**
 * Every page of DescribeProjectVersions, from `input.NextToken` (or the first
 * page) to the last: stops when an answer has no `NextToken`. Versions come
 * newest first. Each page is fetched only when the loop asks for it.
 *
 * @throws {MalformedResponseError} the service sent back the token it was given (it would loop forever).
 * @throws what `describeProjectVersions` throws.
 *
 * @example
 * ```ts
 * for await (const page of paginateProjectVersions(client, { ProjectArn, MaxResults: 50 })) {
 *   for (const version of page.ProjectVersionDescriptions ?? []) console.log(version.Status);
 * }
 * ```
 */
export async function* paginateProjectVersions(
  client: Pick<RekognitionClient, "describeProjectVersions">,
  input: DescribeProjectVersionsInput,
  options: CallOptions = {},
): AsyncGenerator<WithMetadata<DescribeProjectVersionsOutput>, void, undefined> {
  let token = input.NextToken;
  for (;;) {
    const page = await client.describeProjectVersions({ ...input, NextToken: token }, options);
    yield page;
    if (!page.NextToken) return;
    if (page.NextToken === token) {
      throw new MalformedResponseError("DescribeProjectVersions: the answer's NextToken is the one sent; paging would never end", {
        $metadata: page.$metadata,
      });
    }
    token = page.NextToken;
  }
}
