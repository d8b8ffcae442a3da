/**
 * ClientRequestToken idempotency. The token itself (present, 2 to 64 of `[-_a-zA-Z0-9]`) is the
 * model's to check, before the operation runs.
 */
import { ConflictError } from "./errors";
import type { Store } from "../store/store";

/**
 * Runs a create once per ClientRequestToken: a retry with the same token and the same parameters
 * returns the first result and has no second effect. The same token with other parameters is a
 * ConflictException (the AWS API convention; Chime's docs do not name the error). Tokens are kept
 * for the life of the store; AWS keeps them for a limited window it does not document.
 */
export function idempotent<T>(
  store: Pick<Store, "transaction" | "getIdempotentResult" | "putIdempotentResult">,
  scope: string,
  token: string,
  parameters: unknown,
  create: () => T,
): T {
  const fingerprint = JSON.stringify(parameters);
  return store.transaction(() => {
    const previous = store.getIdempotentResult(scope, token);
    if (previous) {
      if (previous.fingerprint !== fingerprint) {
        throw new ConflictError("The ClientRequestToken was already used with different parameters.");
      }
      return JSON.parse(previous.result) as T;
    }
    const result = create();
    store.putIdempotentResult(scope, token, fingerprint, JSON.stringify(result));
    return result;
  });
}
