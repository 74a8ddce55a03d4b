/**
 * The path of a request's URL, read without parsing the URL when it is the service's only path, a bare `/`
 * (every API call): a `URL` per request costs Node a few percent of a simulated call, four times over (issue 21).
 *
 * @module
 */

/** Whether an absolute URL's path is a bare `/` with no query or fragment (its authority holds no `/`: the first `/` after `//` starts the path). */
export function isBareRoot(url: string): boolean {
  return url.indexOf("/", url.indexOf("//") + 2) === url.length - 1;
}

/** `new URL(url).pathname`. */
export function pathnameOf(url: string): string {
  return isBareRoot(url) ? "/" : new URL(url).pathname;
}
