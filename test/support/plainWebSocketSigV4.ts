/**
 * The ws:// option for local mode, for clients that would rather not trust the endpoint's certificate:
 * amazon-chime-sdk-js always builds wss://<looked-up host>/connect, so this SigV4 (the constructor's
 * fifth collaborator) signs ws://<plainHost>/connect instead, plainHost being the endpoint's plain HTTP
 * host:port. SigV4 covers the host, not the scheme, so the URL is signed for the host it goes to. The
 * same class is in docs/realtime.md; never ship it: the real service only speaks wss://.
 */
import type { ChimeSDKMessagingClient } from "@aws-sdk/client-chime-sdk-messaging";
import { DefaultSigV4, type SigV4 } from "amazon-chime-sdk-js";

export class PlainWebSocketSigV4 implements SigV4 {
  private readonly signer: DefaultSigV4;

  constructor(
    chimeClient: ChimeSDKMessagingClient,
    /** e.g. "127.0.0.1:4566": the host of the endpoint's http:// URL. */
    private readonly plainHost: string,
  ) {
    this.signer = new DefaultSigV4(chimeClient);
  }

  signURL(
    method: string,
    _scheme: string,
    serviceName: string,
    _hostname: string,
    path: string,
    payload: string,
    queryParams: Map<string, string[]> | null,
  ): Promise<string> {
    return this.signer.signURL(method, "ws", serviceName, this.plainHost, path, payload, queryParams);
  }
}
