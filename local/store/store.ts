/**
 * Durable state of the local endpoint in SQLite: a file for `npm start`, `:memory:` for tests. One
 * implementation serves both, so tests exercise the same queries as the running stack.
 *
 * It is split by what it stores (identity, channels, messages, request tokens, STS sessions, settings,
 * tags, elastic channels' sub-channels, retention, channel flows, push; the expiry sweep's and
 * SearchChannels' queries have modules of their own), each a module of queries over the one shared
 * connection (database.ts), so that a transaction spans them. The Store is their union: operations name the queries they use (`Pick<Store, ...>`),
 * whichever module holds them. Timestamps are epoch milliseconds. Lists use keyset pagination (`after`
 * = the last key of the previous page), so every page is an index range scan.
 */
import { channelFlowStore } from "./channelFlowStore";
import { channelSearchStore } from "./channelSearchStore";
import { channelStore } from "./channelStore";
import { Database } from "./database";
import { elasticStore } from "./elasticStore";
import { expiryStore } from "./expiryStore";
import { identityStore } from "./identityStore";
import { messageStore } from "./messageStore";
import { requestTokenStore } from "./requestTokenStore";
import { pushStore } from "./pushStore";
import { retentionStore } from "./retentionStore";
import type { Migration } from "./schema";
import { settingsStore } from "./settingsStore";
import { stsSessionStore } from "./stsSessionStore";
import { tagStore } from "./tagStore";

export type { Page } from "./database";
export type { AppInstanceAdminRow, AppInstanceRow, AppInstanceUserRow } from "./identityStore";
export type {
  BanRow,
  ChannelMode,
  ChannelPrivacy,
  ChannelRow,
  MembershipRow,
  MembershipType,
  ModeratorRow,
} from "./channelStore";
export type { MessageCursor, MessageFlowStatus, MessageQuery, MessageRow, MessageType } from "./messageStore";
export type { ChannelFlowCallbackRow, ChannelFlowRow, FlowMessageKind } from "./channelFlowStore";
export type { SubChannelMembershipRow, SubChannelRow } from "./elasticStore";
export type { RetentionRow } from "./retentionStore";
export type { ChannelSearch } from "./channelSearchStore";
export type { StsSessionRow } from "./stsSessionStore";
export type {
  AllowMessages,
  AllowNotifications,
  EndpointRow,
  EndpointType,
  OutboxRow,
  PreferencesRow,
  PushAppRow,
  PushChannel,
  PushTarget,
} from "./pushStore";

/** Opens (and creates, or migrates, if needed) the store at `path`; `:memory:` keeps it in memory. */
export function openStore(path: string, migrations?: readonly Migration[]) {
  const db = new Database(path, migrations);
  const channels = channelStore(db);
  return {
    /** What opening did to the schema (created, migrated, current), for the start banner. */
    schema: db.schema,
    /** Runs `fn` in one transaction: every write in it lands, or none does. */
    transaction: <T>(fn: () => T): T => db.transaction(fn),
    close: () => db.close(),
    ...identityStore(db),
    ...channels,
    ...messageStore(db, channels),
    ...requestTokenStore(db),
    ...stsSessionStore(db),
    ...settingsStore(db),
    ...tagStore(db),
    ...elasticStore(db),
    ...expiryStore(db),
    ...retentionStore(db),
    ...channelSearchStore(db, channels),
    ...pushStore(db),
    ...channelFlowStore(db),
  };
}

export type Store = ReturnType<typeof openStore>;
