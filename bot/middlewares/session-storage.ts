// grammY session storage in the shop's own database, so a restart keeps each
// person's language and step. Long polling allows one bot process per
// database, so a write-through cache in memory is safe: a session is read from
// SQLite once, and written only when it really changed.
import type { StorageAdapter } from "grammy";
import type { Db } from "../../core/db/client.ts";

const MAX_CACHED = 10_000;

export function prismaSessionStorage<T>(db: Db): StorageAdapter<T> {
  // key → the session's JSON as stored (null: known to have no row).
  const cache = new Map<string, string | null>();
  const remember = (key: string, json: string | null) => {
    cache.delete(key);
    cache.set(key, json);
    if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value!);
  };

  return {
    async read(key) {
      let json = cache.get(key);
      if (json === undefined) {
        json = (await db.session.findUnique({ where: { key } }))?.value ?? null;
        remember(key, json);
      }
      return json === null ? undefined : (JSON.parse(json) as T);
    },
    async write(key, value) {
      const json = JSON.stringify(value);
      if (cache.get(key) === json) return;
      await db.session.upsert({ where: { key }, create: { key, value: json }, update: { value: json } });
      remember(key, json);
    },
    async delete(key) {
      await db.session.deleteMany({ where: { key } });
      remember(key, null);
    },
  };
}
