/**
 * Turning a thrown value into text, in the two forms the product needs: a short line a user reads
 * (a notification, a diagnostic, a CLI error) and the full story a log keeps (vscode-eslint's "short
 * error, full log"). Anything can be thrown in JavaScript, so neither assumes an Error.
 */

/** One line for a user: an Error's message, anything else as text. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** For the log: the stack when there is one (it starts with name and message), else name and message. */
export function errorText(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}
