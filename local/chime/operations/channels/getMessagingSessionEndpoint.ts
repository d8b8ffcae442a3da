import type {
  GetMessagingSessionEndpointRequest,
  GetMessagingSessionEndpointResponse,
} from "@aws-sdk/client-chime-sdk-messaging";
import { BadRequestError } from "../../../endpoint/errors";
import type { OperationHandler, Services } from "../../services";
import { checkEnum } from "../../validate";

// host[:port]: a DNS name or IPv4 address, or a bracketed IPv6 address. Nothing else may be echoed.
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * Where the WebSocket messaging session connects: a bare `host:port`, never a scheme or a path, since
 * amazon-chime-sdk-js builds `wss://{Url}/connect?...` itself. The configured messagingSessionUrl wins;
 * otherwise it is the Host header of this request, the address the client already reaches us at.
 * No bearer: the service authorizes this call with IAM only. NetworkType changes nothing locally.
 */
export function getMessagingSessionEndpoint({
  config,
}: Pick<Services, "config">): OperationHandler<
  GetMessagingSessionEndpointRequest,
  GetMessagingSessionEndpointResponse
> {
  return (input, context) => {
    checkEnum("networkType", input.NetworkType, ["IPV4_ONLY", "DUAL_STACK"]);
    const url = config.messagingSessionUrl ?? context.host;
    // The model lists no BadRequestException here, but a request without a usable Host header (and no
    // configured URL) is the client's fault, and the SDK still maps the error class.
    if (url === undefined || !HOST.test(url)) {
      throw new BadRequestError("The request has no usable Host header to derive the messaging session endpoint.");
    }
    return { Endpoint: { Url: url } };
  };
}
