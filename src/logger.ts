/**
 * The Powertools logger: JSON lines with the service name, level and timestamp; each request's logger
 * adds the Lambda context, `requestId` and, once the token is verified, `sub`. The level follows
 * `POWERTOOLS_LOG_LEVEL` (or `LOG_LEVEL`). Never log tokens, credentials, message content or whole
 * requests.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import type { Context } from "aws-lambda";
import type { Config } from "./config";

export function createLogger(config: Pick<Config, "serviceName">): Logger {
  return new Logger({ serviceName: config.serviceName });
}

/**
 * The loggers of the requests in flight: children of the container's logger, each serving one
 * request at a time and then the next (on Lambda, one child serves them all). A child made per
 * request cost more than the rest of the request's logging (Powertools builds a whole logger, with a
 * Console of its own), and each one reported its first request as a cold start.
 */
export class RequestLoggers {
  private readonly idle: Logger[] = [];
  private made = 0;

  constructor(private readonly parent: Logger) {}

  /** A logger for one invocation, with its Lambda context and `requestId`; give it back with `release`. */
  acquire(requestId: string, context: Context): Logger {
    const logger = this.idle.pop() ?? this.child(context);
    logger.addContext(context);
    logger.appendKeys({ requestId });
    return logger;
  }

  private child(context: Context): Logger {
    const child = this.parent.createChild();
    // Each logger reports its first context as a cold start, but only the container's first request is
    // one: a logger made later (for requests that run at once, locally) spends its own on this extra call.
    if (this.made++ > 0) child.addContext(context);
    return child;
  }

  /** The request has ended: its keys (`appendKeys`) go, and the logger serves the next request. */
  release(logger: Logger): void {
    logger.resetKeys();
    this.idle.push(logger);
  }
}
