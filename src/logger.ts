/**
 * The Powertools logger: JSON lines with the service name, level and timestamp; each request's child
 * adds `requestId` and, once the token is verified, `sub`. The level follows `POWERTOOLS_LOG_LEVEL`
 * (or `LOG_LEVEL`). Never log tokens, credentials, message content or whole requests.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import type { Config } from "./config";

export function createLogger(config: Pick<Config, "serviceName">): Logger {
  return new Logger({ serviceName: config.serviceName });
}
