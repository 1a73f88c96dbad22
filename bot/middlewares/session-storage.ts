// grammY session storage in the shop's own database, so a restart keeps each
// person's language and step without another moving part.
import type { StorageAdapter } from "grammy";
import type { Db } from "../../core/db/client.ts";

export function prismaSessionStorage<T>(db: Db): StorageAdapter<T> {
  return {
    async read(key) {
      const row = await db.session.findUnique({ where: { key } });
      return row ? (JSON.parse(row.value) as T) : undefined;
    },
    async write(key, value) {
      const json = JSON.stringify(value);
      await db.session.upsert({ where: { key }, create: { key, value: json }, update: { value: json } });
    },
    async delete(key) {
      await db.session.deleteMany({ where: { key } });
    },
  };
}
