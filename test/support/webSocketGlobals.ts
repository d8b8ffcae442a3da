/**
 * The browser globals amazon-chime-sdk-js's messaging session needs, for Node 20 which has neither:
 * `WebSocket` (the `ws` client; with `ca`, it trusts the local endpoint's self-signed certificate,
 * which is how a Node client trusts it) and `CloseEvent` (the SDK makes one itself, code 4999, when the
 * endpoint lookup fails). The SDK reads them from the global scope when it connects, so installing
 * them before `start()` is enough; `restore()` puts back what was there and ends any socket left open.
 */
import { WebSocket } from "ws";

interface CloseEventInit {
  bubbles?: boolean;
  cancelable?: boolean;
  code?: number;
  reason?: string;
  wasClean?: boolean;
}

/** The DOM's CloseEvent, as much of it as the SDK uses. */
export class NodeCloseEvent extends Event {
  readonly code: number;
  readonly reason: string;
  readonly wasClean: boolean;

  constructor(type: string, init: CloseEventInit = {}) {
    super(type, { bubbles: init.bubbles, cancelable: init.cancelable });
    this.code = init.code ?? 0;
    this.reason = init.reason ?? "";
    this.wasClean = init.wasClean ?? false;
  }
}

export interface WebSocketGlobals {
  /** Every URL a socket was opened with, in order: one per connection attempt of the SDK. */
  readonly opened: string[];
  restore(): void;
}

export function installWebSocketGlobals(options: { ca?: string } = {}): WebSocketGlobals {
  const opened: string[] = [];
  const live = new Set<WebSocket>();
  // The SDK calls `new WebSocket(url, protocols)` and compares readyState with WebSocket.OPEN etc.,
  // which the subclass inherits.
  class TrustingWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, options.ca === undefined ? {} : { ca: options.ca });
      opened.push(String(url));
      live.add(this);
      this.once("close", () => live.delete(this));
    }
  }
  const scope = globalThis as Record<string, unknown>;
  const previous = { WebSocket: scope.WebSocket, CloseEvent: scope.CloseEvent };
  scope.WebSocket = TrustingWebSocket;
  scope.CloseEvent = NodeCloseEvent;
  return {
    opened,
    restore() {
      for (const socket of live) socket.terminate();
      for (const [name, value] of Object.entries(previous)) {
        if (value === undefined) delete scope[name];
        else scope[name] = value;
      }
    },
  };
}
