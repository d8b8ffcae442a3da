import type {
  GetMessagingSessionEndpointRequest,
  GetMessagingSessionEndpointResponse,
} from "@aws-sdk/client-chime-sdk-messaging";
import { BadRequestError } from "../../errors";
import type { OperationHandler, Services } from "../../services";

// host[:port]: a DNS name or IPv4 address, or a bracketed IPv6 address. Nothing else may be echoed.
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** The Host header with its port replaced: `[::1]:4566` -> `[::1]:4567`, `localhost` -> `localhost:4567`. */
function withPort(host: string, port: number): string {
  const name = host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.split(":")[0];
  return `${name}:${port}`;
}

/**
 * Where the WebSocket messaging session connects: a bare `host:port`, never a scheme or a path, since
 * amazon-chime-sdk-js builds `wss://{Url}/connect?...` itself. The configured messagingSessionUrl wins;
 * otherwise it is the host of this request, the address the client already reaches us at, with the
 * TLS listener's port when TLS is on (whether this request came over HTTP or HTTPS), else as it came.
 * No bearer: the service authorizes this call with IAM only. NetworkType changes nothing locally.
 */
export function getMessagingSessionEndpoint({
  config,
}: Pick<Services, "config">): OperationHandler<
  GetMessagingSessionEndpointRequest,
  GetMessagingSessionEndpointResponse
> {
  return (input, context) => {
    const host = context.host !== undefined && HOST.test(context.host) ? context.host : undefined;
    const url =
      config.messagingSessionUrl ??
      (host !== undefined && config.messagingSessionPort !== undefined
        ? withPort(host, config.messagingSessionPort)
        : host);
    // The model lists no BadRequestException here, but a request without a usable Host header (and no
    // configured URL) is the client's fault, and the SDK still maps the error class.
    if (url === undefined || !HOST.test(url)) {
      throw new BadRequestError("The request has no usable Host header to derive the messaging session endpoint.");
    }
    return { Endpoint: { Url: url } };
  };
}
