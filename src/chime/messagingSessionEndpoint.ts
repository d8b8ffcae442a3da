/**
 * The messaging-session endpoint as a bare `host[:port]` (clients build `wss://<it>/connect`), asked
 * of Chime once per container: it does not change while the container lives. A failed call is
 * forgotten, so the next request asks again.
 */
import type { ChimeGateway } from "./gateway";

export class MessagingSessionEndpointCache {
  private url: Promise<string> | undefined;

  constructor(private readonly gateway: Pick<ChimeGateway, "getMessagingSessionEndpoint">) {}

  get(): Promise<string> {
    if (!this.url) {
      const pending = this.gateway.getMessagingSessionEndpoint().then(({ Endpoint }) => {
        if (!Endpoint?.Url) throw new Error("Chime answered without a messaging-session endpoint URL.");
        return bareHost(Endpoint.Url);
      });
      this.url = pending;
      pending.catch(() => {
        if (this.url === pending) this.url = undefined;
      });
    }
    return this.url;
  }
}

/** `host[:port]`, also from a URL with a scheme or path, should Chime ever send one. */
export function bareHost(url: string): string {
  return url.includes("://") ? new URL(url).host : url.replace(/\/.*$/, "");
}
