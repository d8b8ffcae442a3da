/**
 * Real-time chat for an Apollo Client app over the Amazon Chime SDK messaging session: copy this folder
 * (with its documents through your graphql-codegen) and call `startRealtime` once the user is signed in.
 *
 * - credentials from the API's `credentials` mutation, refreshed before they expire (credentials.ts);
 * - the session started with a deadline and a plain error when the socket cannot open (session.ts);
 * - socket events written into the Apollo cache (cacheUpdates.ts; the cache needs realtimeTypePolicies);
 * - after every (re)connect, what was missed fetched again: none lost, none twice (catchUp.ts);
 * - offline/online from the browser: the session is closed while offline and restarted when back;
 *   a session that stops or fails is restarted with a growing delay (2 s up to 30 s).
 * - who is typing (typing.ts), and the user's own typing signal, throttled.
 */
import { ChimeSDKMessagingClient } from "@aws-sdk/client-chime-sdk-messaging";
import type { ApolloClient } from "@apollo/client";
import { CombinedGraphQLErrors } from "@apollo/client/errors";
import type Message from "amazon-chime-sdk-js/build/message/Message";
import { applyEvent } from "./cacheUpdates";
import type { LoadedChannels } from "./cachePolicies";
import { catchUp } from "./catchUp";
import { CredentialsSource } from "./credentials";
import { RealtimeCredentials, SignalTyping } from "./documents";
import { startSession, type StartedSession } from "./session";
import { TYPING_SIGNAL_EVERY_MS, TYPING_SIGNAL_MIN_GAP_MS, TYPING_SIGNAL_RETRY_MS, TypingTracker } from "./typing";

export { realtimeTypePolicies, type LoadedChannels } from "./cachePolicies";
export type { Typist } from "./typing";

export type ConnectionState =
  | { status: "connecting" | "live" | "reconnecting" | "offline" }
  | { status: "failed"; message: string; retryAt: number };

export interface RealtimeOptions {
  /** The app's Apollo client; its cache must use realtimeTypePolicies(loadedChannels). */
  client: ApolloClient;
  loadedChannels: LoadedChannels;
  /** The Chime endpoint, for the local stack (http://127.0.0.1:4566); AWS's own when absent. */
  chimeEndpoint?: string;
  /** Local stack only: the endpoint's plain host:port, to connect with ws:// (no certificate to trust). */
  plainWebSocketHost?: string;
  /** How long a session may take to start before it is given up and retried (default 15 s). */
  startTimeoutMs?: number;
}

const RETRY_FIRST_MS = 2_000;
const RETRY_MAX_MS = 30_000;
/** The close that means the credentials were refused (expired, unknown): get new ones before the next try. */
const REFUSED = 4401;

export class Realtime {
  readonly typing = new TypingTracker();
  private readonly credentials: CredentialsSource;
  private chime: ChimeSDKMessagingClient | undefined;
  private session: StartedSession | undefined;
  private current: ConnectionState = { status: "connecting" };
  private readonly listeners = new Set<(state: ConnectionState) => void>();
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retryDelayMs = RETRY_FIRST_MS;
  private wasLive = false;
  private stopped = false;
  /** Counts starts and stops: a start that waited for credentials goes on only if nothing came since. */
  private attempt = 0;
  /** The caller's AppInstanceUser ARN, once the first credentials arrived. */
  userArn: string | undefined;
  private readonly lastTypingSignal = new Map<string, number>();
  private readonly sentSinceSignal = new Set<string>();
  private readonly typingTimers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly options: RealtimeOptions) {
    this.credentials = new CredentialsSource(async () => {
      const { data } = await options.client.mutate({ mutation: RealtimeCredentials });
      if (!data) throw new Error("The API answered the credentials mutation without data.");
      return data.credentials;
    });
    window.addEventListener("offline", this.wentOffline);
    window.addEventListener("online", this.cameOnline);
  }

  get state(): ConnectionState {
    return this.current;
  }

  subscribe(listener: (state: ConnectionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Tells the channel the user is typing (call it on every keystroke): at most every 3 s, and again
   * soon after a message was sent (receivers clear "typing" when it arrives), as soon as the API's
   * 2-second limit allows.
   */
  signalTyping(channelArn: string): void {
    const now = Date.now();
    const last = this.lastTypingSignal.get(channelArn) ?? 0;
    const resumed = this.sentSinceSignal.has(channelArn);
    if (now - last >= (resumed ? TYPING_SIGNAL_MIN_GAP_MS : TYPING_SIGNAL_EVERY_MS)) {
      this.sendTypingSignal(channelArn, true);
    } else if (resumed) {
      this.signalLater(channelArn, () => this.signalTyping(channelArn), last + TYPING_SIGNAL_MIN_GAP_MS - now);
    }
  }

  private sendTypingSignal(channelArn: string, retryIfHeldBack: boolean): void {
    this.lastTypingSignal.set(channelArn, Date.now());
    this.sentSinceSignal.delete(channelArn);
    void this.options.client
      .mutate({ mutation: SignalTyping, variables: { channelArn } })
      .then((result) => {
        // The API holds back a signal within 2 s of the previous one as it received them: a signal
        // sent 2 s after a slow one can arrive sooner. Once, a little later, unless a message went first.
        if (result.data?.signalTyping === false && retryIfHeldBack) {
          this.signalLater(channelArn, () => this.sendTypingSignal(channelArn, false), TYPING_SIGNAL_RETRY_MS);
        }
      })
      .catch(() => undefined);
  }

  private signalLater(channelArn: string, signal: () => void, delayMs: number): void {
    if (this.typingTimers.has(channelArn)) return;
    const timer = setTimeout(() => {
      this.typingTimers.delete(channelArn);
      signal();
    }, delayMs);
    this.typingTimers.set(channelArn, timer);
  }

  /** The user sent a message in the channel: their next keystroke signals typing again. */
  messageSent(channelArn: string): void {
    this.sentSinceSignal.add(channelArn);
    clearTimeout(this.typingTimers.get(channelArn));
    this.typingTimers.delete(channelArn);
  }

  async start(): Promise<void> {
    if (this.stopped) return;
    const attempt = ++this.attempt;
    clearTimeout(this.retryTimer);
    this.session?.stop();
    this.session = undefined;
    if (!navigator.onLine) return this.setState({ status: "offline" });
    this.setState({ status: this.wasLive ? "reconnecting" : "connecting" });
    let credentials;
    try {
      credentials = await this.credentials.get();
    } catch (error) {
      if (this.stopped || attempt !== this.attempt) return;
      return this.failed(`Could not get credentials for the live connection: ${describe(error)}`);
    }
    if (this.stopped || attempt !== this.attempt) return;
    this.userArn = credentials.userArn;
    this.chime ??= new ChimeSDKMessagingClient({
      region: credentials.region,
      credentials: this.credentials.provider,
      ...(this.options.chimeEndpoint ? { endpoint: this.options.chimeEndpoint } : {}),
    });
    const socketUrl = this.options.plainWebSocketHost
      ? `ws://${this.options.plainWebSocketHost}/connect`
      : `wss://${credentials.messagingSessionEndpoint}/connect`;
    const session: StartedSession = startSession({
      chime: this.chime,
      userArn: credentials.userArn,
      plainWebSocketHost: this.options.plainWebSocketHost,
      timeoutMs: this.options.startTimeoutMs ?? 15_000,
      onTimeout: () => {
        if (this.session !== session) return;
        const certificate = socketUrl.startsWith("wss://")
          ? ` If this is a local stack, the browser may not trust its certificate: open https://${credentials.messagingSessionEndpoint}/ once and accept it, or connect with ws:// (docs/realtime.md).`
          : "";
        this.failed(
          `The live connection (${socketUrl}) did not open within ${Math.round((this.options.startTimeoutMs ?? 15_000) / 1000)} s.${certificate}`,
        );
      },
      observer: {
        messagingSessionDidStartConnecting: (reconnecting) => {
          // The SDK's own retries: "reconnecting" only once the connection has been live; before that,
          // still connecting (until the start times out).
          if (this.session === session && reconnecting)
            this.setState({ status: this.wasLive ? "reconnecting" : "connecting" });
        },
        messagingSessionDidStart: () => {
          if (this.session !== session) return;
          this.wasLive = true;
          this.retryDelayMs = RETRY_FIRST_MS;
          this.setState({ status: "live" });
          void catchUp(this.options.client, this.options.loadedChannels);
        },
        messagingSessionDidReceiveMessage: (message: Message) => {
          if (this.session !== session || !this.userArn) return;
          try {
            applyEvent(
              { client: this.options.client, me: this.userArn, typing: this.typing },
              message.type,
              message.payload,
            );
          } catch (error) {
            console.error("A live event could not be applied", message.type, error);
          }
        },
        messagingSessionDidStop: (event) => {
          if (this.session !== session) return;
          if (event.code === REFUSED) this.credentials.invalidate();
          this.failed(`The live connection closed (${event.code}${event.reason ? `: ${event.reason}` : ""}).`);
        },
      },
    });
    this.session = session;
  }

  stop(): void {
    this.stopped = true;
    this.attempt += 1;
    clearTimeout(this.retryTimer);
    window.removeEventListener("offline", this.wentOffline);
    window.removeEventListener("online", this.cameOnline);
    this.session?.stop();
    this.session = undefined;
    this.chime?.destroy();
    this.credentials.stop();
    this.typing.stop();
    for (const timer of this.typingTimers.values()) clearTimeout(timer);
  }

  private failed(message: string): void {
    this.session?.stop();
    this.session = undefined;
    const delay = this.retryDelayMs;
    this.retryDelayMs = Math.min(delay * 2, RETRY_MAX_MS);
    this.setState({ status: "failed", message, retryAt: Date.now() + delay });
    this.retryTimer = setTimeout(() => void this.start(), delay);
  }

  /** The browser lost its network: the socket is as good as gone; messages are caught up when back. */
  private readonly wentOffline = () => {
    this.attempt += 1;
    clearTimeout(this.retryTimer);
    this.session?.stop();
    this.session = undefined;
    this.setState({ status: "offline" });
  };

  private readonly cameOnline = () => {
    this.retryDelayMs = RETRY_FIRST_MS;
    void this.start();
  };

  private setState(state: ConnectionState): void {
    this.current = state;
    for (const listener of this.listeners) listener(state);
  }
}

/** An error in a sentence, with the API's request id when it has one. */
function describe(error: unknown): string {
  if (CombinedGraphQLErrors.is(error)) {
    const [first] = error.errors;
    const requestId = first?.extensions?.requestId;
    return `${first?.message ?? error.message}${typeof requestId === "string" ? ` (request id ${requestId})` : ""}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Starts the live connection for the signed-in user; `stop()` it on sign-out. */
export function startRealtime(options: RealtimeOptions): Realtime {
  const realtime = new Realtime(options);
  void realtime.start();
  return realtime;
}
