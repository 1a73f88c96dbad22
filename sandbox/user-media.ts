// What Telegram makes of a file a person sends, for the sandbox's 📎 button:
// a photo becomes a list of sizes (the largest last, each with its own
// file_id), a file becomes a document with its name and type. The stand-in
// does not re-encode images: every size downloads the bytes that were sent,
// while the sizes and file_size are the ones Telegram would report.
export const MB = 1024 * 1024;
/** What Telegram accepts as a photo and as a file (the bot can download only up to 20 MB of either). */
export const USER_UPLOAD_LIMITS = { photo: 10 * MB, document: 50 * MB } as const;
export type UserUpload = keyof typeof USER_UPLOAD_LIMITS;

export interface ImageInfo { format: "png" | "jpeg" | "gif" | "webp"; width: number; height: number }
export interface Size { width: number; height: number; file_size: number }

/** Formats a Telegram app sends as a photo (a GIF goes as an animation, anything else as a file). */
export const PHOTO_FORMATS: readonly ImageInfo["format"][] = ["png", "jpeg", "webp"];

// Telegram's thumbnail ladder: s, m, x, y, w (the longest side in pixels).
const LADDER = [90, 320, 800, 1280, 2560];
const THUMBNAIL_SIDE = 320;

/** The format and pixel size from the file's header, or null when it is no image Telegram shows. */
export function imageInfo(data: Buffer): ImageInfo | null {
  if (data.length >= 24 && data.readUInt32BE(0) === 0x89504e47 && data.toString("latin1", 12, 16) === "IHDR") {
    return sized("png", data.readUInt32BE(16), data.readUInt32BE(20));
  }
  if (data.length >= 10 && data.toString("latin1", 0, 4) === "GIF8") return sized("gif", data.readUInt16LE(6), data.readUInt16LE(8));
  if (data.length >= 30 && data.toString("latin1", 0, 4) === "RIFF" && data.toString("latin1", 8, 12) === "WEBP") return webp(data);
  if (data.length >= 4 && data[0] === 0xff && data[1] === 0xd8) return jpeg(data);
  return null;
}

const sized = (format: ImageInfo["format"], width: number, height: number): ImageInfo | null =>
  width > 0 && height > 0 ? { format, width, height } : null;

function webp(data: Buffer): ImageInfo | null {
  const chunk = data.toString("latin1", 12, 16);
  if (chunk === "VP8 ") return sized("webp", data.readUInt16LE(26) & 0x3fff, data.readUInt16LE(28) & 0x3fff);
  if (chunk === "VP8L") {
    const bits = data.readUInt32LE(21);
    return sized("webp", (bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1);
  }
  if (chunk === "VP8X") return sized("webp", data.readUIntLE(24, 3) + 1, data.readUIntLE(27, 3) + 1);
  return null;
}

// The frame header (SOF0–SOF15 but DHT, JPG and DAC) holds the size; walk the segments to it.
function jpeg(data: Buffer): ImageInfo | null {
  for (let at = 2; at + 9 < data.length; ) {
    if (data[at] !== 0xff) return null;
    const marker = data[at + 1]!;
    if (marker === 0xff) { at++; continue; }
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) return sized("jpeg", data.readUInt16BE(at + 7), data.readUInt16BE(at + 5));
    at += 2 + data.readUInt16BE(at + 2);
  }
  return null;
}

const scaled = (info: ImageInfo, side: number) => {
  const k = side / Math.max(info.width, info.height);
  return { width: Math.max(1, Math.round(info.width * k)), height: Math.max(1, Math.round(info.height * k)) };
};
// A thumbnail's bytes, as Telegram's JPEG would roughly weigh: by area, never above the original.
const weight = (bytes: number, info: ImageInfo, s: { width: number; height: number }) =>
  Math.max(1, Math.min(bytes, Math.round((bytes * s.width * s.height) / (info.width * info.height))));

/** The sizes Telegram delivers for a photo: each rung of its ladder below the image's longest side, then the image itself. */
export function photoSizes(info: ImageInfo, bytes: number): Size[] {
  const longest = Math.max(info.width, info.height);
  const rungs = LADDER.filter((side) => side < longest).map((side) => scaled(info, side));
  return [...rungs.map((s) => ({ ...s, file_size: weight(bytes, info, s) })), { width: info.width, height: info.height, file_size: bytes }];
}

/** The preview Telegram attaches to an image sent as a file (at most 320 px a side). */
export function documentThumbnail(info: ImageInfo, bytes: number): Size {
  const s = Math.max(info.width, info.height) > THUMBNAIL_SIDE ? scaled(info, THUMBNAIL_SIDE) : { width: info.width, height: info.height };
  return { ...s, file_size: weight(bytes, info, s) };
}

const MIME_BY_EXTENSION: Record<string, string> = {
  jpg: "image/jpeg", jpeg: "image/jpeg", png: "image/png", gif: "image/gif", webp: "image/webp", heic: "image/heic",
  pdf: "application/pdf", txt: "text/plain", csv: "text/csv", zip: "application/zip", mp4: "video/mp4",
};

/** A document's mime_type: what the sender's app said, else from the name's extension, as Telegram does. */
export function documentMime(fileName: string, declared: string | undefined): string {
  const given = declared?.split(";")[0]?.trim().toLowerCase();
  if (given && given !== "application/octet-stream") return given;
  return MIME_BY_EXTENSION[/\.([^.]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? ""] ?? "application/octet-stream";
}

/** A file name as Telegram keeps it: no folders, not empty, at most 255 characters. */
export function cleanFileName(name: string | null | undefined, fallback: string): string {
  const base = [...((name ?? "").split(/[\\/]/).pop() ?? "")].filter((ch) => ch >= " ").join("").trim();
  return (base || fallback).slice(0, 255);
}

export interface Upload { name?: string | null; mime?: string; caption?: string | null }
export type Received =
  | { ok: true; content: Record<string, unknown>; shown: { photo: string | null; document: { name: string; url: string } | null; caption?: string } }
  | { ok: false; status: number; description: string };

interface FileKeeper {
  receivePhoto(data: Buffer, sizes: Size[], mimeType: string): { file_id: string }[];
  receiveDocument(data: Buffer, file: { file_name: string; mime_type: string; thumbnail?: Size }): { file_id: string; file_name: string };
}

/**
 * A person's photo or file as Telegram would take it: refused when too large
 * (`data` null: past the limit), empty or (as a photo) no image, else given its file_ids by `files` and turned
 * into the message's content and what the chat shows.
 */
export function receiveUpload(files: FileKeeper, kind: UserUpload, data: Buffer | null, upload: Upload, fileUrl: (id: string) => string): Received {
  const refuse = (status: number, description: string): Received => ({ ok: false, status, description });
  // null: the body went past the limit and was not kept.
  if (data === null || data.length > USER_UPLOAD_LIMITS[kind]) return refuse(413, `Request Entity Too Large: a ${kind} is at most ${USER_UPLOAD_LIMITS[kind] / MB} MB`);
  if (data.length === 0) return refuse(400, "Bad Request: file must be non-empty");
  const caption = upload.caption?.trim() || undefined;
  if (caption && caption.length > 1024) return refuse(400, "Bad Request: message caption is too long");
  const info = imageInfo(data);
  const withCaption = caption ? { caption } : {};
  if (kind === "photo") {
    if (!info || !PHOTO_FORMATS.includes(info.format)) return refuse(400, "Bad Request: IMAGE_PROCESS_FAILED");
    const photo = files.receivePhoto(data, photoSizes(info, data.length), `image/${info.format}`);
    return { ok: true, content: { photo, ...withCaption }, shown: { photo: fileUrl(photo.at(-1)!.file_id), document: null, ...withCaption } };
  }
  const file_name = cleanFileName(upload.name, "file");
  const thumbnail = info && info.format !== "gif" ? documentThumbnail(info, data.length) : undefined;
  const document = files.receiveDocument(data, { file_name, mime_type: documentMime(file_name, upload.mime), ...(thumbnail ? { thumbnail } : {}) });
  return { ok: true, content: { document, ...withCaption }, shown: { photo: null, document: { name: file_name, url: fileUrl(document.file_id) }, ...withCaption } };
}
