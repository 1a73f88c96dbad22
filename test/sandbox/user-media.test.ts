import { describe, expect, it } from "vitest";
import { cleanFileName, documentMime, documentThumbnail, imageInfo, photoSizes, receiveUpload } from "../../sandbox/user-media.ts";
import { solidPng } from "../support/png.ts";

// Only the headers matter for the sizes: the bytes a JPEG and WebP file start with.
const jpegHeader = (width: number, height: number) =>
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 17, 8, height >> 8, height & 255, width >> 8, width & 255, 3, 0, 0, 0, 0]);
const webpX = (width: number, height: number) => {
  const b = Buffer.alloc(30);
  b.write("RIFF", 0, "latin1");
  b.write("WEBPVP8X", 8, "latin1");
  b.writeUIntLE(width - 1, 24, 3);
  b.writeUIntLE(height - 1, 27, 3);
  return b;
};
const keeper = () => {
  let n = 0;
  return {
    receivePhoto: (_: Buffer, sizes: { width: number }[]) => sizes.map(() => ({ file_id: `p${++n}` })),
    receiveDocument: (_: Buffer, f: { file_name: string }) => ({ file_id: `d${++n}`, file_name: f.file_name }),
  };
};

describe("what Telegram makes of a person's photo or file", () => {
  it("When the header is PNG, JPEG, WebP or GIF, then its format and pixel size are read; anything else is no image", () => {
    expect(imageInfo(solidPng(640, 480))).toEqual({ format: "png", width: 640, height: 480 });
    expect(imageInfo(jpegHeader(1280, 960))).toEqual({ format: "jpeg", width: 1280, height: 960 });
    expect(imageInfo(webpX(300, 200))).toEqual({ format: "webp", width: 300, height: 200 });
    expect(imageInfo(Buffer.from([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 10, 0, 20, 0]))).toEqual({ format: "gif", width: 10, height: 20 });
    expect(imageInfo(Buffer.from("%PDF-1.7 not an image"))).toBeNull();
  });

  it("When a photo is 1280×960, then it comes as Telegram's sizes, smallest first, the photo itself last", () => {
    const sizes = photoSizes({ format: "jpeg", width: 1280, height: 960 }, 200_000);
    expect(sizes.map((s) => [s.width, s.height])).toEqual([[90, 68], [320, 240], [800, 600], [1280, 960]]);
    expect(sizes.at(-1)!.file_size).toBe(200_000);
    expect(sizes[0]!.file_size).toBeLessThan(sizes[1]!.file_size);
    // A small picture is not blown up: one size, its own.
    expect(photoSizes({ format: "png", width: 60, height: 40 }, 500)).toEqual([{ width: 60, height: 40, file_size: 500 }]);
    expect(documentThumbnail({ format: "png", width: 1000, height: 500 }, 10_000)).toMatchObject({ width: 320, height: 160 });
  });

  it("When a file comes without a type or a clean name, then the type follows the name and the name loses its folders", () => {
    expect(documentMime("ring.JPG", "application/octet-stream")).toBe("image/jpeg");
    expect(documentMime("notes.bin", undefined)).toBe("application/octet-stream");
    expect(documentMime("x.png", "image/png; charset=binary")).toBe("image/png");
    expect(cleanFileName("C:\\photos\\ring.png", "file")).toBe("ring.png");
    expect(cleanFileName("", "file")).toBe("file");
  });

  it("When the photo is no image, empty, too large or its caption too long, then it is refused as Telegram would", () => {
    const url = (id: string) => `/f/${id}`;
    const refused = (kind: "photo" | "document", data: Buffer | null, caption?: string) => {
      const r = receiveUpload(keeper(), kind, data, { caption }, url);
      return r.ok ? null : [r.status, r.description];
    };
    expect(refused("photo", Buffer.from("%PDF-1.7"))).toEqual([400, "Bad Request: IMAGE_PROCESS_FAILED"]);
    expect(refused("photo", Buffer.alloc(0))).toEqual([400, "Bad Request: file must be non-empty"]);
    expect(refused("photo", Buffer.alloc(10 * 1024 * 1024 + 1))![0]).toBe(413);
    expect(refused("document", null)![0]).toBe(413);
    expect(refused("photo", solidPng(4, 4), "x".repeat(1025))).toEqual([400, "Bad Request: message caption is too long"]);
    expect(refused("document", Buffer.from("%PDF-1.7"))).toBeNull();
  });

  it("When a photo or a file is taken, then the update's content and the chat's view name the same file", () => {
    const photo = receiveUpload(keeper(), "photo", solidPng(400, 300), { caption: " кольцо " }, (id) => `/f/${id}`);
    expect(photo).toMatchObject({ ok: true, content: { caption: "кольцо" }, shown: { photo: "/f/p3", document: null, caption: "кольцо" } });
    const doc = receiveUpload(keeper(), "document", Buffer.from("%PDF"), { name: "check.pdf" }, (id) => `/f/${id}`);
    expect(doc).toMatchObject({ ok: true, shown: { photo: null, document: { name: "check.pdf", url: "/f/d1" } } });
  });
});
