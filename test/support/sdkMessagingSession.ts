/**
 * An unmodified amazon-chime-sdk-js DefaultMessagingSession against the local endpoint, as a web app
 * builds one: a ChimeSDKMessagingClient with the user's credentials and region, then
 * MessagingSessionConfiguration(userArn, sessionId, undefined, chimeClient). The SDK looks the socket
 * host up with GetMessagingSessionEndpoint and connects to wss://<it>/connect itself. Needs the
 * globals of webSocketGlobals.ts installed. The observer records what the application would see.
 */
import { ChimeSDKMessagingClient } from "@aws-sdk/client-chime-sdk-messaging";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import {
  DefaultMessagingSession,
  MessagingSessionConfiguration,
  NoOpLogger,
  type Message,
  type MessagingSessionObserver,
  type SigV4,
} from "amazon-chime-sdk-js";
import { Agent } from "node:https";
import type { LocalEndpointOptions } from "../../local/endpoint/localEndpoint";
import { createCertificate, DEFAULT_TLS_HOSTS } from "../../local/tls/certificate";
import { createApp, startTestEndpoint, testRegion, type AppFixture, type TestEndpoint } from "./localEndpoint";
import { installWebSocketGlobals, type NodeCloseEvent, type WebSocketGlobals } from "./webSocketGlobals";

export interface ReceivedMessage {
  type: string;
  /** x-amz-chime-message-type */
  messageType: string;
  /** The SDK hands the payload over as a string; this is it parsed (undefined when empty). */
  payload: Record<string, unknown> | undefined;
  message: Message;
}

/** What the application's observer sees, in order. */
export class RecordingObserver implements MessagingSessionObserver {
  readonly messages: ReceivedMessage[] = [];
  /** "connecting", "reconnecting", "started", "stopped <code>", in order. */
  readonly lifecycle: string[] = [];
  private wakers: (() => void)[] = [];

  messagingSessionDidStartConnecting(reconnecting: boolean): void {
    this.record(reconnecting ? "reconnecting" : "connecting");
  }

  messagingSessionDidStart(): void {
    this.record("started");
  }

  messagingSessionDidStop(event: NodeCloseEvent): void {
    this.record(`stopped ${event.code}`);
  }

  messagingSessionDidReceiveMessage(message: Message): void {
    const headers = message.headers as Record<string, string>;
    this.messages.push({
      type: message.type,
      messageType: headers["x-amz-chime-message-type"],
      payload: message.payload ? (JSON.parse(message.payload) as Record<string, unknown>) : undefined,
      message,
    });
    this.wake();
  }

  of(type: string, channelArn?: string): ReceivedMessage[] {
    return this.messages.filter(
      (m) => m.type === type && (channelArn === undefined || m.payload?.ChannelArn === channelArn),
    );
  }

  /** Resolves once `count` messages of `type` (in `channelArn`, if given) have arrived; rejects after `ms`. */
  async waitFor(type: string, count = 1, channelArn?: string, ms = 10_000): Promise<ReceivedMessage[]> {
    await this.until(() => this.of(type, channelArn).length >= count, `${count} ${type}`, ms);
    return this.of(type, channelArn);
  }

  /** Resolves once the lifecycle has reached `state` `times` times. */
  async waitForLifecycle(state: string, times = 1, ms = 10_000): Promise<void> {
    await this.until(() => this.lifecycle.filter((s) => s === state).length >= times, `${state} x${times}`, ms);
  }

  private async until(done: () => boolean, what: string, ms: number): Promise<void> {
    const deadline = performance.now() + ms;
    while (!done()) {
      if (performance.now() > deadline) {
        throw new Error(`waited for ${what}; lifecycle ${this.lifecycle.join(", ")}; ${this.messages.length} messages`);
      }
      await new Promise<void>((resolve) => {
        this.wakers.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  private record(state: string): void {
    this.lifecycle.push(state);
    this.wake();
  }

  private wake(): void {
    for (const wake of this.wakers.splice(0)) wake();
  }
}

export interface SdkSessionOptions {
  /** The local endpoint's REST URL, http://… or https://… (then `ca` must trust its certificate). */
  endpoint: string;
  ca?: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  userArn: string;
  /** Changes to the configuration before the session is made (prefetch, reconnect window). */
  configure?: (configuration: MessagingSessionConfiguration) => void;
  /** The deprecated third argument: a socket host already known, so the first connect skips the lookup. */
  endpointUrl?: string;
  /** The constructor's SigV4 collaborator (e.g. PlainWebSocketSigV4); the SDK's own when absent. */
  sigV4?: (chime: ChimeSDKMessagingClient) => SigV4;
}

export interface SdkSession {
  session: DefaultMessagingSession;
  observer: RecordingObserver;
  chime: ChimeSDKMessagingClient;
  configuration: MessagingSessionConfiguration;
  /** Stops the session (if open) and frees the client's sockets. */
  close(): void;
}

export function sdkSession(options: SdkSessionOptions): SdkSession {
  const httpsAgent = options.ca === undefined ? undefined : new Agent({ ca: options.ca, keepAlive: true });
  const chime = new ChimeSDKMessagingClient({
    endpoint: options.endpoint,
    region: testRegion,
    credentials: options.credentials,
    ...(httpsAgent ? { requestHandler: { httpsAgent } } : {}),
  });
  const configuration = new MessagingSessionConfiguration(options.userArn, null, options.endpointUrl, chime);
  options.configure?.(configuration);
  const session = new DefaultMessagingSession(
    configuration,
    new NoOpLogger(),
    undefined,
    undefined,
    options.sigV4?.(chime),
  );
  const observer = new RecordingObserver();
  session.addObserver(observer);
  return {
    session,
    observer,
    chime,
    configuration,
    close() {
      session.stop();
      chime.destroy();
      httpsAgent?.destroy();
    },
  };
}

/** The CloseEvent a refused session's `start()` rejects with; fails if `start()` resolves instead. */
export function startRefusal(start: Promise<unknown>): Promise<NodeCloseEvent> {
  return start.then(
    () => {
      throw new Error("start() resolved");
    },
    (error: unknown) => error as NodeCloseEvent,
  );
}

/** The local endpoint as a browser's messaging session meets it (startSdkSessionEndpoint). */
export interface SdkSessionEndpoint {
  t: TestEndpoint;
  app: AppFixture;
  globals: WebSocketGlobals;
  /** The endpoint's certificate (PEM): what a Node client passes as `ca` to trust it. */
  ca: string;
  /** Puts the globals back and closes the endpoint. */
  close(): Promise<void>;
}

/**
 * The endpoint of a test that runs the SDK's session: TLS on with a certificate of its own (sessions go
 * to wss://), the browser globals installed trusting it, and an app instance with one AppInstanceUser
 * per id under the project's policies (so that vended credentials act as on AWS).
 */
export async function startSdkSessionEndpoint(
  userIds: string[],
  options: Omit<LocalEndpointOptions, "tls"> = {},
): Promise<SdkSessionEndpoint> {
  const certificate = await createCertificate(DEFAULT_TLS_HOSTS);
  const t = await startTestEndpoint({ ...options, tls: { certificate } });
  const globals = installWebSocketGlobals({ ca: certificate.cert });
  const app = await createApp(t.identity, userIds);
  await t.usePoliciesFor(app.appInstanceArn);
  return {
    t,
    app,
    globals,
    ca: certificate.cert,
    close: async () => {
      globals.restore();
      await t.close();
    },
  };
}
