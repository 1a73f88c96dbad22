// A document's bytes, read the way the Bot API serves them: getFile gives a
// path (or refuses a file over 20 MB), and the bytes come from
// <api root>/file/bot<token>/<path>. The root is the one the bot talks to, so
// the sandbox's stand-in serves its uploads the same way Telegram does; tests
// pass a fetch that serves the fake Telegram's files.
import { readFile } from "node:fs/promises";
import { isAbsolute } from "node:path";
import type { Api } from "grammy";

/** The Bot API's getFile serves a bot files up to 20 MB; larger ones only a local Bot API server could. */
export const DOWNLOAD_LIMIT_BYTES = 20 * 1024 * 1024;

/** And sends up to 50 MB as a document. */
export const UPLOAD_LIMIT_BYTES = 50 * 1024 * 1024;

export type Download = (api: Api, fileId: string) => Promise<Uint8Array>;

export interface DownloadOptions {
  /** TELEGRAM_API_ROOT; Telegram's own when not given. */
  apiRoot?: string;
  fetch?: (url: string) => Promise<Response>;
}

export function createDownload(token: string, opts: DownloadOptions = {}): Download {
  const root = (opts.apiRoot ?? "https://api.telegram.org").replace(/\/+$/, "");
  const get = opts.fetch ?? ((url: string) => fetch(url));
  return async (api, fileId) => {
    const file = await api.getFile(fileId);
    if (!file.file_path) throw new Error(`getFile gave no file_path for ${fileId}`);
    // A local Bot API server (--local) answers with the file's absolute path on its own disk.
    if (isAbsolute(file.file_path)) return new Uint8Array(await readFile(file.file_path));
    const res = await get(`${root}/file/bot${token}/${file.file_path}`);
    if (!res.ok) throw new Error(`downloading ${fileId} failed: HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  };
}
