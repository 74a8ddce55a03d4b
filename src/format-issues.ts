/**
 * Issues as one line of text, shared by the errors (ValidationError's message)
 * and the validation helpers: a module of its own, so neither imports the other.
 *
 * @module
 */

/**
 * Issues as one line of text, `VersionName must match …; OutputConfig is required`: each
 * its path and message (an issue of the input itself, its message alone). For valibot
 * issues, map them with `toValidationIssue` (validation.ts) first.
 */
export function formatIssues(issues: readonly { readonly path: string; readonly message: string }[]): string {
  return issues.map(({ path, message }) => (path ? `${path} ${message}` : message)).join("; ");
}
