/** Settings of the local account (access keys, policy parameters), kept across restarts. */
import type { Database } from "./database";

export function settingsStore(db: Database) {
  return {
    getSetting(key: string): string | undefined {
      return db.get<{ value: string }>(`SELECT value FROM settings WHERE key = @key`, { key })?.value;
    },

    putSetting(key: string, value: string): void {
      db.run(
        `INSERT INTO settings (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        { key, value },
      );
    },
  };
}

export type SettingsStore = ReturnType<typeof settingsStore>;
