// Defaults shared by the app's config and prisma.config.ts, so the CLI and the
// bot always open the same database file.
export const DEFAULT_DATABASE_URL = "file:./data/shop.db";
