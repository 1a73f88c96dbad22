// Prisma CLI configuration. The "js" engine with the better-sqlite3 driver
// adapter lets `prisma generate` and `prisma migrate deploy` run fully offline:
// no native query or schema engine has to be downloaded.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { DEFAULT_DATABASE_URL } from "./core/config/defaults.ts";

// The schema reads env("DATABASE_URL"); without a value even `generate` fails.
process.env.DATABASE_URL ??= DEFAULT_DATABASE_URL;
const url = process.env.DATABASE_URL;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  adapter: () => {
    const file = url.replace(/^file:/, "");
    if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
    return Promise.resolve(new PrismaBetterSQLite3({ url }));
  },
});
