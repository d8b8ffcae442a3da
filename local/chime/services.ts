import { randomUUID } from "node:crypto";
import type { Store } from "../store/store";
import type { ChannelEvents } from "./events";
import type { LambdaInvoker } from "./lambdaInvoker";
import { DEFAULT_RESOURCE_QUOTAS, type ResourceQuotas } from "./quotas";
import type { RateQuotaSettings } from "./rateQuotas";

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  /** A fresh identifier for app instances, channels and messages. */
  next(): string;
}

export interface EndpointConfig {
  region: string;
  accountId: string;
  /**
   * `host:port` returned by GetMessagingSessionEndpoint. When unset, the Host header of the request
   * is used, which is where the client already reached this endpoint.
   */
  messagingSessionUrl?: string;
  /**
   * The TLS listener's port, when TLS is on: GetMessagingSessionEndpoint then answers the request's
   * host name with this port (unless messagingSessionUrl is set), since amazon-chime-sdk-js always
   * connects with wss://, whichever scheme its REST client used.
   */
  messagingSessionPort?: number;
  /** The resource quotas enforced (quotas.ts): AWS's defaults unless overridden at start. */
  quotas: ResourceQuotas;
  /** The rate quotas (TPS, rateQuotas.ts): off unless asked for, so benchmarks measure the endpoint. */
  rateQuotas?: RateQuotaSettings;
}

/** Everything an operation may use; each operation picks the services it needs. */
export interface Services {
  store: Store;
  clock: Clock;
  ids: IdGenerator;
  config: EndpointConfig;
  /** Channel events for the messaging-session WebSocket. */
  events: ChannelEvents;
  /** Invokes channel flows' processors (lambdaInvoker.ts). */
  lambda: LambdaInvoker;
}

export const systemClock: Clock = { now: () => new Date() };

export const randomIds: IdGenerator = { next: () => randomUUID() };

export const defaultConfig: EndpointConfig = {
  region: "us-east-1",
  accountId: "111122223333",
  quotas: DEFAULT_RESOURCE_QUOTAS,
};

/** What the server knows of the HTTP request that an operation may need. */
export interface RequestContext {
  requestId: string;
  /** The Host header the client used. */
  host: string | undefined;
}

export type OperationHandler<Req, Res> = (input: Req, context: RequestContext) => Res | Promise<Res>;

/** Handlers by operation name. Each takes its own SDK request type, hence the `never` input here. */
export type OperationHandlers = Record<string, OperationHandler<never, unknown>>;
