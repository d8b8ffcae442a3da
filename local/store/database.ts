/**
 * The one SQLite connection (better-sqlite3) the domain stores share, so that a transaction spans
 * them all: opening with the pragmas that make it durable, the schema's version (migrated or refused
 * on open, schema.ts), prepared statements cached by their text, and keyset pages.
 *
 * Durability: a file database runs in WAL mode with synchronous=NORMAL. better-sqlite3 is synchronous,
 * so a write has been committed (its frames written to the -wal file with write(2)) before the
 * endpoint answers. Those bytes are then in the operating system's page cache, which survives the
 * process dying in any way (kill -9 included): the next open replays the WAL. What NORMAL gives up is
 * the fsync at each commit, so a power cut or an OS crash may lose the last commits before a
 * checkpoint; the database is never corrupted by it. For a development stand-in that is the right
 * trade (FULL costs an fsync per send). test/integration/durability.test.ts kills the endpoint with
 * SIGKILL during a burst and checks that every acknowledged send is there.
 *
 * Checkpoints (copying the WAL into the database file, flushing both to disk) run on a timer, every
 * CHECKPOINT_INTERVAL_MS, and at the latest when the WAL reaches WAL_CHECKPOINT_PAGES. SQLite's default,
 * a checkpoint at every 1,000 pages, put two fsyncs on a request every hundred or so sends; under load
 * the timer makes them one batch a second, and when traffic is light it flushes the last commits to disk
 * within a second, where the default left them until 1,000 more pages had been written.
 */
import BetterSqlite3 from "better-sqlite3";
import { migrate, MIGRATIONS, type Migration, type MigrationReport } from "./schema";

export type Params = Record<string, unknown>;

const CHECKPOINT_INTERVAL_MS = 1000;
/** About 40 MB of WAL (4 KiB pages): the bound if the timer falls behind. */
const WAL_CHECKPOINT_PAGES = 10_000;

export interface Page<T> {
  items: T[];
  hasMore: boolean;
}

export class Database {
  private readonly db: BetterSqlite3.Database;
  private readonly statements = new Map<string, BetterSqlite3.Statement>();
  private checkpoints: NodeJS.Timeout | undefined;
  /** What opening did to the schema: created, migrated (from, to) or nothing. */
  readonly schema: MigrationReport;

  /** Opens (and creates if needed) the database at `path`; `:memory:` keeps it in memory. */
  constructor(
    readonly path: string,
    migrations: readonly Migration[] = MIGRATIONS,
  ) {
    this.db = new BetterSqlite3(path);
    this.inTransaction = this.db.transaction((fn: () => unknown) => fn());
    try {
      this.db.pragma("foreign_keys = ON");
      if (path !== ":memory:") {
        this.db.pragma("journal_mode = WAL");
        this.db.pragma("synchronous = NORMAL");
        this.db.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
      }
      this.schema = migrate(this.db, path, migrations);
      if (path !== ":memory:") {
        // PASSIVE: copies what no reader still needs, never waits; a no-op when the WAL is empty.
        this.checkpoints = setInterval(() => this.db.pragma("wal_checkpoint(PASSIVE)"), CHECKPOINT_INTERVAL_MS);
        this.checkpoints.unref();
      }
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  close(): void {
    clearInterval(this.checkpoints);
    this.db.close();
  }

  /** Runs `fn` in one transaction: every write in it lands, or none does (nested calls join it). */
  transaction<T>(fn: () => T): T {
    return this.inTransaction(fn) as T;
  }

  /**
   * better-sqlite3's transaction function, made once: it takes the function to run, where making one
   * per call (db.transaction(fn)) builds four wrappers each time.
   */
  private readonly inTransaction: (fn: () => unknown) => unknown;

  private statement(sql: string): BetterSqlite3.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  get<T>(sql: string, params: Params = {}): T | undefined {
    return this.statement(sql).get(params) as T | undefined;
  }

  all<T>(sql: string, params: Params = {}): T[] {
    return this.statement(sql).all(params) as T[];
  }

  /** Runs a write; returns the number of rows it changed and the last inserted rowid. */
  run(sql: string, params: Params = {}): { changes: number; lastInsertRowid: number } {
    const result = this.statement(sql).run(params);
    return { changes: result.changes, lastInsertRowid: Number(result.lastInsertRowid) };
  }

  /** Runs a keyset query that selects `limit + 1` rows and reports whether there are more. */
  page<T>(sql: string, params: Params & { limit: number }): Page<T> {
    const rows = this.all<T>(sql, { ...params, limit: params.limit + 1 });
    return { items: rows.slice(0, params.limit), hasMore: rows.length > params.limit };
  }

  /** A COUNT(*) query's result. */
  count(sql: string, params: Params = {}): number {
    return this.get<{ n: number }>(sql, params)?.n ?? 0;
  }
}
