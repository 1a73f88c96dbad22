// A small real PNG for tests that send a photo (the sandbox reads its size from
// the header; the browser decodes it).
import { encodePng, type Rgb } from "../../sandbox/png.ts";

/** A `width`×`height` PNG of one RGB colour. */
export function solidPng(width: number, height: number, colour: Rgb = [70, 130, 180]): Buffer {
  return encodePng(width, height, () => colour);
}
