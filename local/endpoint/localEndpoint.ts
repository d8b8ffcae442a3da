/**
 * Assembles the local endpoint: store, services, operations, the HTTP server and, with `tls`, an
 * HTTPS server on a second port answering the same way (REST and wss:// /connect).
 */
import type { Server } from "node:http";
import type { Server as TlsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { defaultAccountConfig, LocalAccount, type AccountConfig } from "../account/account";
import { reachableHostNames, type ListenerTrust } from "../http/trust";
import { settleExpiredFlows } from "../chime/channelFlows";
import { createChannelEvents } from "../chime/events";
import { createSweeper, withSweeps } from "../chime/expiry";
import { noLambdaRuntime, type LambdaInvoker } from "../chime/lambdaInvoker";
import { createOperationHandlers } from "../chime/operations";
import { readOutbox } from "../chime/push/outbox";
import { createPushApp } from "../chime/push/pushApps";
import type { ResourceQuotas } from "../chime/quotas";
import { RateLimiter, withRateQuotas } from "../chime/rateQuotas";
import {
  defaultConfig,
  randomIds,
  systemClock,
  type Clock,
  type EndpointConfig,
  type IdGenerator,
  type Services,
} from "../chime/services";
import { openStore } from "../store/store";
import { isWildcardAddress, loadOrCreateCertificate } from "../tls/certificate";
import { createStsService } from "../sts/sts";
import { createGuard } from "../guard/guard";
import { attachMessagingSessions, type MessagingSessions } from "../websocket/messagingSessions";
import { Faults, type FaultPlan } from "../faults/faults";
import { createControlRoute } from "./control";
import { createEndpointServers, type EndpointServerOptions, type TlsCredentials } from "./server";

/**
 * How often, in real time, an idle endpoint checks whether an expiration is due, and looks for channel
 * flows' processors past their 48 hours (on its clock).
 */
const SWEEP_CHECK_MS = 5_000;

export interface LocalEndpointOptions {
  /** SQLite file; `:memory:` (the default) keeps nothing after close. */
  databasePath?: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Region, account, quotas (any resource quota overridden, rate quotas on when given). */
  config?: Partial<Omit<EndpointConfig, "quotas">> & { quotas?: Partial<ResourceQuotas> };
  /** Role names, session tag key and the user role's maximum session; the account id comes from `config`. */
  account?: Partial<Omit<AccountConfig, "accountId">>;
  clock?: Clock;
  ids?: IdGenerator;
  log?: EndpointServerOptions["log"];
  onInternalError?: EndpointServerOptions["onInternalError"];
  /** Faults on demand from the start (local/faults/faults.ts); the control route changes them later. */
  faults?: FaultPlan;
  /**
   * Invokes channel flows' processors (local/chime/lambdaInvoker.ts): `npm start`'s invokes the
   * functions of serverless.yml under sls offline. Without one, no processor can be invoked (each
   * gets its FallbackAction).
   */
  lambda?: LambdaInvoker;
  /**
   * The Host names answered besides the loopback ones and `host` (local/http/trust.ts): the TLS
   * hosts by default. `hostPorts: "any"` for an endpoint behind a port-forwarding proxy (tests).
   */
  trust?: { hostNames?: readonly string[]; hostPorts?: ListenerTrust["hostPorts"] };
  /**
   * A TLS listener on a second port, serving the same endpoint (HTTPS and wss:// /connect), so that an
   * unmodified amazon-chime-sdk-js connects; GetMessagingSessionEndpoint then names this port. Off
   * when absent (plain HTTP and ws:// only). Either a certificate (PEMs), or a directory where
   * local/tls/certificate.ts keeps one (made on first start, reused after) covering 127.0.0.1, ::1,
   * localhost, `host` and `hosts`.
   */
  tls?: {
    /** 0 (the default) picks a free port. */
    port?: number;
  } & ({ certificate: TlsCredentials & { certPath?: string } } | { directory: string; hosts?: readonly string[] });
}

export interface LocalEndpoint {
  /** http://<host>:<port> (127.0.0.1 when listening on all addresses). */
  url: string;
  port: number;
  /** https://<host>:<tlsPort>, when TLS is on. */
  tlsUrl?: string;
  tlsPort?: number;
  /** PEM of the TLS certificate clients must trust, when TLS is on. */
  tlsCertificate?: string;
  /** Where that certificate is kept, when it came from a file (`.local/tls/cert.pem`). */
  tlsCertificatePath?: string;
  /** True when this start made the certificate (from `tls.directory`): clients must trust the new one. */
  tlsCertificateCreated?: boolean;
  /** Why this start made it ("missing", "expired", ...), when it did (from `tls.directory`). */
  tlsCertificateReason?: string;
  /** The names and addresses the certificate covers (from `tls.directory`). */
  tlsCertificateHosts?: readonly string[];
  /** When the certificate ends (from `tls.directory`); a start in its last day makes a new one. */
  tlsCertificateNotAfter?: Date;
  /**
   * The bare `host:port` GetMessagingSessionEndpoint answers a client that reaches this endpoint at
   * its host: the TLS port when TLS is on (amazon-chime-sdk-js connects to wss://<it>/connect), else
   * the HTTP port (ws:// only). A configured `config.messagingSessionUrl` wins.
   */
  messagingSessionUrl: string;
  services: Services;
  /** Access keys, roles and STS sessions of the local account. */
  account: LocalAccount;
  server: Server;
  tlsServer?: TlsServer;
  /** The messaging-session WebSocket on the same ports (`/connect`). */
  sessions: MessagingSessions;
  /** Names of the operations this endpoint implements. */
  implementedOperations: readonly string[];
  /**
   * The push outbox on the control route (GET, signed with the developer key): the pushes that would
   * have gone to APNs or FCM, newest first, `?user=<AppInstanceUser ARN>` for one user's.
   */
  pushOutboxUrl: string;
  close(): Promise<void>;
}

export async function startLocalEndpoint(options: LocalEndpointOptions = {}): Promise<LocalEndpoint> {
  const host = options.host ?? "127.0.0.1";
  const tls = options.tls;
  const stored =
    tls && "directory" in tls
      ? await loadOrCreateCertificate({ directory: tls.directory, hosts: [host, ...(tls.hosts ?? [])] })
      : undefined;
  const certificate = tls && "certificate" in tls ? tls.certificate : stored;
  const store = openStore(options.databasePath ?? ":memory:");
  const services: Services = {
    store,
    clock: options.clock ?? systemClock,
    ids: options.ids ?? randomIds,
    config: { ...defaultConfig, ...options.config, quotas: { ...defaultConfig.quotas, ...options.config?.quotas } },
    events: createChannelEvents(),
    lambda: options.lambda ?? noLambdaRuntime,
  };
  const account = new LocalAccount(store, {
    ...defaultAccountConfig,
    ...options.account,
    accountId: services.config.accountId,
  });
  // Expired STS sessions answer ExpiredToken for a day, then are forgotten (unknown key).
  store.deleteStsSessionsExpiredBefore(services.clock.now().getTime() - 24 * 60 * 60 * 1000);
  // Expirations and retention (local/chime/expiry.ts): swept before a request when due, and every few
  // seconds while none comes, so that open sessions hear of an expired channel without waiting for one.
  const sweeper = createSweeper(services);
  const operations = withSweeps(createOperationHandlers(services), sweeper);
  // Flows whose processor stayed silent for 48 hours are settled by its FallbackAction (channelFlows.ts).
  const sweeps: [string, () => void][] = [
    ["sweep", () => sweeper.runIfDue()],
    ["flow sweep", () => settleExpiredFlows(services)],
  ];
  const sweepTimer = setInterval(() => {
    for (const [name, sweep] of sweeps) {
      try {
        sweep();
      } catch (error) {
        options.onInternalError?.(error, name);
      }
    }
  }, SWEEP_CHECK_MS);
  sweepTimer.unref();
  const trust: ListenerTrust = {
    hostNames: reachableHostNames(host, [
      ...(tls && "directory" in tls ? (tls.hosts ?? []) : []),
      ...(options.trust?.hostNames ?? []),
    ]),
    hostPorts: options.trust?.hostPorts,
    origins: "any",
  };
  const { rateQuotas } = services.config;
  const rateLimiter = rateQuotas && new RateLimiter(rateQuotas, services.clock, services.config.region);
  // Off by default: the handlers run unwrapped, at no cost (benchmarks measure the endpoint).
  const handlers = rateLimiter ? withRateQuotas(operations, rateLimiter) : operations;
  const faults = new Faults(options.faults);
  const resourceTags = (arn: string) => Object.fromEntries(store.listTags(arn).map((tag) => [tag.Key, tag.Value]));
  const guard = createGuard(account, services.clock, services.config.region, resourceTags);
  const control = createControlRoute({
    guard,
    isDeveloper: (principal) => principal.arn === account.principal(account.developerKey.accessKeyId)?.arn,
    faults,
    // The sessions are attached to the servers below, before the first request can come.
    dropSessions: (userArn) => sessions.drop(userArn),
    push: {
      outbox: (query) => readOutbox(store, query),
      apps: () => store.listPushApps(),
      createApp: (name, channels) => createPushApp(services, name, channels),
    },
  });
  const { http: server, https: tlsServer } = createEndpointServers(
    {
      handlers,
      trust,
      guard,
      sts: createStsService(account, () => services.clock.now()),
      now: () => services.clock.now(),
      log: options.log,
      onInternalError: options.onInternalError,
      faults,
      control,
    },
    certificate,
  );
  const sessions = attachMessagingSessions(tlsServer ? [server, tlsServer] : [server], services, {
    guard,
    trust,
    rateLimiter,
    faults,
  });
  const listening: (Server | TlsServer)[] = [];
  const listen = (target: Server | TlsServer, port: number) =>
    new Promise<number>((resolve, reject) => {
      target.once("error", reject);
      target.listen(port, host, () => {
        target.off("error", reject);
        listening.push(target);
        resolve((target.address() as AddressInfo).port);
      });
    });
  const closeServers = () =>
    Promise.all(
      listening.map(
        (target) =>
          new Promise<void>((resolve) => {
            target.close(() => resolve());
            target.closeAllConnections();
          }),
      ),
    );
  let port: number;
  let tlsPort: number | undefined;
  try {
    // TLS first: its port must be known (config) before the first request can ask for the session URL.
    if (tlsServer) services.config.messagingSessionPort = tlsPort = await listen(tlsServer, options.tls?.port ?? 0);
    port = await listen(server, options.port ?? 0);
  } catch (error) {
    clearInterval(sweepTimer);
    sessions.close();
    await closeServers();
    store.close();
    throw error;
  }
  // A client cannot connect to a listen-on-all address; it reaches this machine at 127.0.0.1.
  const reachable = isWildcardAddress(host) ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${reachable}:${port}`,
    port,
    tlsUrl: tlsPort === undefined ? undefined : `https://${reachable}:${tlsPort}`,
    tlsPort,
    tlsCertificate: certificate?.cert,
    tlsCertificatePath: certificate?.certPath,
    tlsCertificateCreated: stored?.created,
    tlsCertificateReason: stored?.reason,
    tlsCertificateHosts: stored?.hosts,
    tlsCertificateNotAfter: stored?.notAfter,
    messagingSessionUrl: services.config.messagingSessionUrl ?? `${reachable}:${tlsPort ?? port}`,
    services,
    account,
    server,
    tlsServer,
    sessions,
    implementedOperations: Object.keys(handlers),
    pushOutboxUrl: `http://${reachable}:${port}/_local/push/outbox`,
    close: async () => {
      clearInterval(sweepTimer);
      sessions.close();
      await closeServers();
      store.close();
    },
  };
}
