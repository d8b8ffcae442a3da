/**
 * Errors as people read them: what failed, the API's message, and the request id to quote (from the
 * error's `extensions.requestId`, or the `x-request-id` header, which the API exposes to pages).
 */
import { CombinedGraphQLErrors, ServerError } from "@apollo/client/errors";
import { createContext, useContext } from "react";

export interface ShownError {
  id: number;
  /** What the user was doing: "Sending the message". */
  action: string;
  message: string;
  requestId?: string;
}

export function describeError(error: unknown): { message: string; requestId?: string } {
  if (CombinedGraphQLErrors.is(error)) {
    const [first] = error.errors;
    const requestId = first?.extensions?.requestId;
    return {
      message: first?.message ?? error.message,
      requestId: typeof requestId === "string" ? requestId : undefined,
    };
  }
  if (ServerError.is(error)) {
    let message = `HTTP ${error.statusCode}`;
    try {
      const body = JSON.parse(error.bodyText) as { errors?: { message?: string }[] };
      message = body.errors?.[0]?.message ?? message;
    } catch {
      // Not JSON (a gateway's own page): the status says enough.
    }
    return { message, requestId: error.response.headers.get("x-request-id") ?? undefined };
  }
  if (error instanceof TypeError) return { message: `The API could not be reached (${error.message}).` };
  return { message: error instanceof Error ? error.message : String(error) };
}

export const ReportError = createContext<(action: string, error: unknown) => void>(() => undefined);

export function useReportError(): (action: string, error: unknown) => void {
  return useContext(ReportError);
}

export function ErrorList({ errors, dismiss }: { errors: ShownError[]; dismiss: (id: number) => void }) {
  if (errors.length === 0) return null;
  return (
    <div className="errors" role="alert">
      {errors.map((error) => (
        <p key={error.id} className="error">
          <strong>{error.action} failed:</strong> {error.message}
          {error.requestId && <span className="request-id"> (request id {error.requestId})</span>}
          <button
            type="button"
            className="link"
            onClick={() => dismiss(error.id)}
            aria-label={`Dismiss: ${error.action} failed`}
          >
            Dismiss
          </button>
        </p>
      ))}
    </div>
  );
}
