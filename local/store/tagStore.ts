/** Tags of app instances, users, channels and channel flows. */
import type { Database } from "./database";

export function tagStore(db: Database) {
  return {
    putTags(resourceArn: string, tags: { Key?: string; Value?: string }[]): void {
      for (const tag of tags) {
        db.run(
          `INSERT INTO resource_tags (resource_arn, key, value) VALUES (@resourceArn, @key, @value)
           ON CONFLICT (resource_arn, key) DO UPDATE SET value = excluded.value`,
          { resourceArn, key: tag.Key ?? "", value: tag.Value ?? "" },
        );
      }
    },

    listTags(resourceArn: string): { Key: string; Value: string }[] {
      return db.all(
        `SELECT key AS Key, value AS Value FROM resource_tags WHERE resource_arn = @resourceArn ORDER BY key`,
        { resourceArn },
      );
    },

    /** Removes the tags of a resource and of everything under it (`<arn>/...`). */
    deleteTagsUnder(resourceArn: string): void {
      db.run(
        `DELETE FROM resource_tags WHERE resource_arn = @resourceArn OR substr(resource_arn, 1, length(@prefix)) = @prefix`,
        { resourceArn, prefix: `${resourceArn}/` },
      );
    },

    deleteTagKeys(resourceArn: string, keys: string[]): void {
      for (const key of keys) {
        db.run(`DELETE FROM resource_tags WHERE resource_arn = @resourceArn AND key = @key`, { resourceArn, key });
      }
    },

    countTags(resourceArn: string): number {
      return db.count(`SELECT count(*) AS n FROM resource_tags WHERE resource_arn = @resourceArn`, { resourceArn });
    },

    deleteTags(resourceArn: string): void {
      db.run(`DELETE FROM resource_tags WHERE resource_arn = @resourceArn`, { resourceArn });
    },
  };
}

export type TagStore = ReturnType<typeof tagStore>;
