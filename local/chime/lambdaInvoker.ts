/**
 * How the endpoint invokes a channel flow's processor: as Chime does, `lambda:InvokeFunction` with
 * InvocationType `Event` (the model's only InvocationType is ASYNC), the event as its payload. The
 * domain knows nothing of how: the launcher injects an invoker (local/stack/lambdaInvoker.ts: the
 * function of serverless.yml under sls offline, over its Lambda invoke API), tests inject their own.
 */
export interface LambdaInvoker {
  /**
   * Resolves once Lambda has accepted the event (202: the function runs later, on its own); rejects
   * with a LambdaInvocationError when the function cannot be invoked (none of that name, not reachable,
   * refused). The function's own failures are never seen here, as with AWS's asynchronous invocation.
   */
  invokeAsync(functionArn: string, payload: string): Promise<void>;
}

export class LambdaInvocationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LambdaInvocationError";
  }
}

/** Without an invoker every invocation fails, as for a function that does not exist. */
export const noLambdaRuntime: LambdaInvoker = {
  invokeAsync: (functionArn) =>
    Promise.reject(
      new LambdaInvocationError(`No Lambda runtime is attached to the endpoint to invoke ${functionArn}.`),
    ),
};
