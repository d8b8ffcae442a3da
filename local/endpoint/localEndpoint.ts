/** Assembles the local endpoint: store, services, operations and the HTTP server. */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { defaultAccountConfig, LocalAccount, type AccountConfig } from "../account/account";
import { createChannelEvents } from "../chime/events";
import { createOperationHandlers } from "../chime/operations";
import {
  defaultConfig,
  randomIds,
  systemClock,
  type Clock,
  type EndpointConfig,
  type IdGenerator,
  type Services,
} from "../chime/services";
import { Store } from "../store/store";
import { createStsService } from "../sts/sts";
import { attachMessagingSessions, type MessagingSessions } from "../websocket/messagingSessions";
import { createAwsGuard } from "./awsGuard";
import { createEndpointServer, type EndpointServerOptions } from "./server";

export interface LocalEndpointOptions {
  /** SQLite file; `:memory:` (the default) keeps nothing after close. */
  databasePath?: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  config?: Partial<EndpointConfig>;
  /** Role names, session tag key and the user role's maximum session; the account id comes from `config`. */
  account?: Partial<Omit<AccountConfig, "accountId">>;
  clock?: Clock;
  ids?: IdGenerator;
  log?: EndpointServerOptions["log"];
  onInternalError?: EndpointServerOptions["onInternalError"];
}

export interface LocalEndpoint {
  url: string;
  port: number;
  services: Services;
  /** Access keys, roles and STS sessions of the local account. */
  account: LocalAccount;
  server: Server;
  /** The messaging-session WebSocket on the same port (`/connect`). */
  sessions: MessagingSessions;
  /** Names of the operations this endpoint implements. */
  implementedOperations: readonly string[];
  close(): Promise<void>;
}

export async function startLocalEndpoint(options: LocalEndpointOptions = {}): Promise<LocalEndpoint> {
  const store = new Store(options.databasePath ?? ":memory:");
  const services: Services = {
    store,
    clock: options.clock ?? systemClock,
    ids: options.ids ?? randomIds,
    config: { ...defaultConfig, ...options.config },
    events: createChannelEvents(),
  };
  const account = new LocalAccount(store, {
    ...defaultAccountConfig,
    ...options.account,
    accountId: services.config.accountId,
  });
  // Expired STS sessions answer ExpiredToken for a day, then are forgotten (unknown key).
  store.deleteStsSessionsExpiredBefore(services.clock.now().getTime() - 24 * 60 * 60 * 1000);
  const handlers = createOperationHandlers(services);
  const server = createEndpointServer({
    handlers,
    guard: createAwsGuard(account, services.clock),
    sts: createStsService(account, () => services.clock.now()),
    log: options.log,
    onInternalError: options.onInternalError,
  });
  const sessions = attachMessagingSessions(server, account, services);
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    services,
    account,
    server,
    sessions,
    implementedOperations: Object.keys(handlers),
    close: async () => {
      sessions.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      store.close();
    },
  };
}
