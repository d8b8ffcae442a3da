/**
 * A request's deadline, so that a dependency that does not answer costs the caller an
 * UPSTREAM_UNAVAILABLE answer with `retry-after` (and the log says what did not answer) instead of
 * API Gateway's 504 and no log at all. The SDK's limits alone do not ensure it: three attempts of up to
 * CHIME_REQUEST_TIMEOUT_MS (10 s by default) are 30 s, over the function's 29 s, and a request may make
 * several calls in a row.
 *
 * Two moments before the Lambda's timeout: at ABORT_MARGIN_MS the request's AWS calls are aborted, and
 * fail as any unavailable upstream does (a field's error in a 200, or a 503 while the caller is being
 * provisioned); at ANSWER_MARGIN_MS, if the answer is still not ready (something that no signal reaches
 * is stuck), the handler answers 503 without it.
 */
import { setMaxListeners } from "node:events";

/** What an SDK call aborted by the deadline is named in the logs (the SDK's own name is AbortError). */
export const DEADLINE_EXCEEDED = "RequestDeadlineExceeded";

/** The abort reason: the SDK keeps it as its AbortError's `cause`. */
export class DeadlineExceededError extends Error {
  override name = DEADLINE_EXCEEDED;
  constructor() {
    super("The request's deadline passed before its AWS calls ended.");
  }
}

/** Before the Lambda's timeout: when AWS calls are aborted, and when the handler stops waiting. */
export const ABORT_MARGIN_MS = 1000;
export const ANSWER_MARGIN_MS = 500;

/** The signal of the request being served, if it has a deadline. */
export type DeadlineSignal = () => AbortSignal | undefined;

/** The SDK's options of one call (`client.send(command, options)`): the request's deadline, if any. */
export type SdkCallOptions = { abortSignal: AbortSignal } | undefined;

export function sdkCallOptions(deadline: DeadlineSignal | undefined): SdkCallOptions {
  const abortSignal = deadline?.();
  return abortSignal ? { abortSignal } : undefined;
}

/**
 * Controllers of deadlines that ended before they passed, for the next requests: making an AbortSignal
 * ready for parallel calls (setMaxListeners) and collecting it cost a send about 10 µs of the 20 the
 * deadline added (measured in-process, Chime answering at once; a send's own work is about 100 µs there).
 * One that was aborted is never reused.
 */
const idleControllers: AbortController[] = [];
const MAX_IDLE_CONTROLLERS = 64;

function freshController(): AbortController {
  const controller = new AbortController();
  // Resolvers may call AWS side by side; each call listens to the signal while it runs.
  setMaxListeners(0, controller.signal);
  return controller;
}

export class Deadline {
  private controller: AbortController | undefined = idleControllers.pop() ?? freshController();
  private timer: NodeJS.Timeout | undefined;
  private aborted = false;
  /** Settles ANSWER_MARGIN_MS before the timeout (never, once cleared). */
  readonly passed: Promise<void>;

  constructor(remainingMs: number) {
    const abortAt = Math.max(0, remainingMs - ABORT_MARGIN_MS);
    const answerAt = Math.max(abortAt, remainingMs - ANSWER_MARGIN_MS);
    // Timers of our own that hold the controller until cleared: AbortSignal.timeout's timer holds its
    // signal weakly, and fetches have lost their signal's abort to a garbage collection (nodejs/undici#4068).
    this.passed = new Promise<void>((resolve) => {
      this.timer = setTimeout(() => {
        this.aborted = true;
        this.controller?.abort(new DeadlineExceededError());
        this.timer = setTimeout(resolve, answerAt - abortAt);
      }, abortAt);
    });
  }

  /** Aborted ABORT_MARGIN_MS before the timeout; given to every AWS call of the request until it ends. */
  get signal(): AbortSignal | undefined {
    return this.controller?.signal;
  }

  /** Whether the calls were aborted: work the answer did not wait for may still be running. */
  get expired(): boolean {
    return this.aborted;
  }

  /**
   * The request is answered: the timers end, and an unaborted controller serves another request (a call
   * of this one that its answer did not wait for, if any, then ends at that request's deadline).
   */
  clear(): void {
    clearTimeout(this.timer);
    const controller = this.controller;
    if (!controller || controller.signal.aborted) return;
    this.controller = undefined;
    if (idleControllers.length < MAX_IDLE_CONTROLLERS) idleControllers.push(controller);
  }
}

/**
 * The deadline of a request with `remainingMs` left before its timeout, or undefined when the runtime
 * does not say (Lambda and sls offline do).
 */
export function requestDeadline(remainingMs: number | undefined): Deadline | undefined {
  if (remainingMs === undefined || !Number.isFinite(remainingMs)) return undefined;
  return new Deadline(remainingMs);
}
