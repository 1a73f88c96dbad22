// Applies pending migrations with the Prisma CLI (`prisma migrate deploy`), the
// same command a shop would run by hand; start-up calls it before opening the db.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const projectRoot = fileURLToPath(new URL("../../", import.meta.url));

export function migrateDeploy(databaseUrl: string): { ok: boolean; output: string } {
  const result = spawnSync(process.execPath, [prismaCli(), "migrate", "deploy"], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: "utf8",
  });
  return { ok: result.status === 0, output: `${result.stdout ?? ""}${result.stderr ?? ""}`.trim() };
}

function prismaCli(): string {
  return fileURLToPath(new URL("../../node_modules/prisma/build/index.js", import.meta.url));
}
