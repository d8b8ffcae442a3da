/**
 * How the local endpoint invokes a channel flow's processor under `npm start`: the function of
 * serverless.yml run by sls offline, through sls offline's Lambda invoke API on its Unix socket
 * (`lambda.sock` in the state folder), with `X-Amz-Invocation-Type: Event`, as Chime invokes a
 * processor (asynchronously: 202, the function runs on its own). No stand-in: what runs is the
 * bundle-free handler sls offline runs for the API too.
 *
 * The processor's Lambda ARN names the offline function: `arn:aws:lambda:<region>:<account>:
 * function:<name>`, where <name> is the sls offline function name (`<service>-<stage>-<function key>`:
 * `chime-chat-api-local-moderationProcessor`), and the region and account are the stack's (Chime's rule:
 * "the same AWS account and the same AWS Regions as the AppInstance"). A function sls offline does not
 * have answers 404, an invoke that cannot reach it fails: both are invocations that failed, and the
 * processor's FallbackAction applies.
 */
import { request } from "node:http";
import { LambdaInvocationError, type LambdaInvoker } from "../chime/lambdaInvoker";

const FUNCTION_ARN =
  /^arn:aws:lambda:([a-z0-9-]+):(\d{12}):function:([a-zA-Z0-9\-_.]+)(?::(\$LATEST|[a-zA-Z0-9\-_]+))?$/;

/** A hang guard: sls offline answers an Event invocation at once. */
const INVOKE_TIMEOUT_MS = 10_000;

export interface SlsOfflineInvokerOptions {
  /** sls offline's Lambda invoke listener (`lambdaPort`), a Unix socket. */
  socketPath: string;
  region: string;
  accountId: string;
}

/** The sls offline function an ARN names, or why it names none. */
export function offlineFunctionName(
  functionArn: string,
  options: Pick<SlsOfflineInvokerOptions, "region" | "accountId">,
): string {
  const match = FUNCTION_ARN.exec(functionArn);
  if (!match) throw new LambdaInvocationError(`${functionArn} is not a Lambda function ARN.`);
  const [, region, accountId, name] = match;
  if (region !== options.region || accountId !== options.accountId) {
    throw new LambdaInvocationError(`${functionArn} is not in the stack's region and account.`);
  }
  return name;
}

export function slsOfflineInvoker(options: SlsOfflineInvokerOptions): LambdaInvoker {
  return {
    invokeAsync(functionArn, payload) {
      let name: string;
      try {
        name = offlineFunctionName(functionArn, options);
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new LambdaInvocationError(String(error)));
      }
      return new Promise<void>((resolve, reject) => {
        const req = request(
          {
            socketPath: options.socketPath,
            method: "POST",
            path: `/2015-03-31/functions/${encodeURIComponent(name)}/invocations`,
            headers: {
              host: "localhost",
              "content-type": "application/json",
              "content-length": Buffer.byteLength(payload),
              "x-amz-invocation-type": "Event",
            },
            timeout: INVOKE_TIMEOUT_MS,
          },
          (res) => {
            res.resume();
            if (res.statusCode === 202) return resolve();
            const errorType = res.headers["x-amzn-errortype"];
            reject(
              new LambdaInvocationError(
                `sls offline answered ${res.statusCode} ${String(errorType ?? "")} for ${name}.`,
              ),
            );
          },
        );
        req.on("timeout", () => req.destroy(new Error("timed out")));
        req.on("error", (error) =>
          reject(new LambdaInvocationError(`sls offline could not be reached to invoke ${name}: ${error.message}`)),
        );
        req.end(payload);
      });
    },
  };
}
