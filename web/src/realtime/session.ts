/**
 * One amazon-chime-sdk-js messaging session, imported piece by piece (the package's index pulls in the
 * whole meetings SDK, about 1 MB), started with a deadline: when the socket cannot open (an untrusted
 * certificate, a blocked port), the SDK retries and its `start()` promise may never settle, so the
 * caller learns it from `onTimeout` instead.
 */
import type { ChimeSDKMessagingClient } from "@aws-sdk/client-chime-sdk-messaging";
import LogLevel from "amazon-chime-sdk-js/build/logger/LogLevel";
import type Logger from "amazon-chime-sdk-js/build/logger/Logger";
import DefaultMessagingSession from "amazon-chime-sdk-js/build/messagingsession/DefaultMessagingSession";
import MessagingSessionConfiguration from "amazon-chime-sdk-js/build/messagingsession/MessagingSessionConfiguration";
import type MessagingSessionObserver from "amazon-chime-sdk-js/build/messagingsessionobserver/MessagingSessionObserver";
import DefaultSigV4 from "amazon-chime-sdk-js/build/sigv4/DefaultSigV4";
import type SigV4 from "amazon-chime-sdk-js/build/sigv4/SigV4";

/**
 * Warnings and errors only: at info level the SDK logs the signed connect URL, which carries the
 * session token.
 */
const quietLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (message) => console.warn(`[chime] ${message}`),
  error: (message) => console.error(`[chime] ${message}`),
  setLogLevel: () => undefined,
  getLogLevel: () => LogLevel.WARN,
};

/**
 * Local mode only: signs ws://<plainHost>/connect (the endpoint's plain HTTP port) instead of
 * wss://<looked-up host>/connect, so a browser needs no certificate. SigV4 covers the host, not the
 * scheme. AWS only speaks wss://: never configure it for a deployed stage.
 */
export class PlainWebSocketSigV4 implements SigV4 {
  private readonly signer: DefaultSigV4;

  constructor(
    chime: ChimeSDKMessagingClient,
    private readonly plainHost: string,
  ) {
    this.signer = new DefaultSigV4(chime);
  }

  signURL(
    method: string,
    _scheme: string,
    service: string,
    _hostname: string,
    path: string,
    payload: string,
    queryParams: Map<string, string[]> | null,
  ): Promise<string> {
    return this.signer.signURL(method, "ws", service, this.plainHost, path, payload, queryParams);
  }
}

export interface SessionOptions {
  chime: ChimeSDKMessagingClient;
  userArn: string;
  /** Local mode: the endpoint's plain host:port for ws://. */
  plainWebSocketHost?: string;
  observer: MessagingSessionObserver;
  timeoutMs: number;
  /** Called once if the session has not started within `timeoutMs` (the session is stopped first). */
  onTimeout: () => void;
}

export interface StartedSession {
  stop(): void;
}

export function startSession(options: SessionOptions): StartedSession {
  const configuration = new MessagingSessionConfiguration(options.userArn, null, undefined, options.chime);
  const session = new DefaultMessagingSession(
    configuration,
    quietLogger,
    undefined,
    undefined,
    options.plainWebSocketHost ? new PlainWebSocketSigV4(options.chime, options.plainWebSocketHost) : undefined,
  );
  const observer: MessagingSessionObserver = {
    ...options.observer,
    messagingSessionDidStart: () => {
      clearTimeout(timer);
      options.observer.messagingSessionDidStart?.();
    },
  };
  // Once stopped here, the session tells the caller nothing more.
  const stop = () => {
    clearTimeout(timer);
    session.removeObserver(observer);
    session.stop();
  };
  const timer = setTimeout(() => {
    stop();
    options.onTimeout();
  }, options.timeoutMs);
  session.addObserver(observer);
  // Settles on SESSION_ESTABLISHED, or rejects with the close event; may also never settle (above).
  session.start().catch(() => undefined);
  return { stop };
}
