/**
 * The request being served, for code that has no GraphQL context to read it from: `formatError`, and
 * errors produced before or outside execution. One Lambda container serves one request at a time, but the
 * same handler also runs many at once locally, hence AsyncLocalStorage rather than module state.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Logger } from "@aws-lambda-powertools/logger";
import type { Deadline } from "../aws/deadline";

export interface RequestScope {
  requestId: string;
  logger: Logger;
  /** When its AWS calls are given up (src/aws/deadline.ts); none when the runtime gives no remaining time. */
  deadline?: Deadline;
}

const storage = new AsyncLocalStorage<RequestScope>();

export function runInRequestScope<T>(scope: RequestScope, fn: () => Promise<T>): Promise<T> {
  return storage.run(scope, fn);
}

export function currentRequestScope(): RequestScope | undefined {
  return storage.getStore();
}
