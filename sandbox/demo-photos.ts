// Pictures for the demo tickets: a client's photo of a ring, the same ring on
// the shop's velvet at intake, and its stones close up. Drawn at start-up and
// given to the stand-in under fixed file_ids, so the demo database (which
// keeps only the ids) shows real pictures after every restart.
import type { FakeTelegram } from "./fake-telegram.ts";
import { encodePng, type Rgb } from "./png.ts";
import { photoSizes } from "./user-media.ts";

export const DEMO_PHOTOS = { ring: "demo-photo-ring", intake: "demo-photo-intake", stones: "demo-photo-stones" } as const;

const W = 640;
const H = 480;
const GOLD: Rgb = [212, 175, 55];
const TANZANITE: Rgb = [96, 72, 178];

const shade = ([r, g, b]: Rgb, k: number): Rgb => [Math.min(255, r * k), Math.min(255, g * k), Math.min(255, b * k)].map(Math.round) as Rgb;

/** A stone: a disc lit from the upper left, with a spark. */
function stone(x: number, y: number, cx: number, cy: number, radius: number, colour: Rgb): Rgb | null {
  const d = Math.hypot(x - cx, y - cy);
  if (d > radius) return null;
  if (Math.hypot(x - (cx - radius * 0.35), y - (cy - radius * 0.35)) < radius * 0.18) return [250, 250, 255];
  return shade(colour, 1.25 - (0.6 * d) / radius);
}

/** A ring seen from above, its stone at the top, on a background. */
function ring(x: number, y: number, background: Rgb): Rgb {
  const [cx, cy] = [W / 2, H / 2 + 40];
  const gem = stone(x, y, cx, cy - 150, 42, TANZANITE);
  if (gem) return gem;
  const d = Math.hypot(x - cx, y - cy);
  if (d >= 118 && d <= 150) return shade(GOLD, 0.8 + 0.3 * Math.cos(Math.atan2(y - cy, x - cx) + Math.PI / 4));
  return shade(background, 1 - (0.25 * y) / H);
}

function stones(x: number, y: number): Rgb {
  const set: [number, number, number, Rgb][] = [[190, 240, 80, TANZANITE], [330, 200, 60, [30, 70, 170]], [460, 270, 70, [225, 230, 240]]];
  for (const [cx, cy, r, colour] of set) {
    const gem = stone(x, y, cx, cy, r, colour);
    if (gem) return gem;
  }
  return shade([48, 52, 64], 1 - (0.3 * y) / H);
}

const PAINT: Record<keyof typeof DEMO_PHOTOS, (x: number, y: number) => Rgb> = {
  ring: (x, y) => ring(x, y, [244, 238, 228]),
  intake: (x, y) => ring(x, y, [40, 30, 64]),
  stones,
};

/** Gives the stand-in the demo pictures under their ids (a photo each, with Telegram's sizes). */
export function registerDemoPhotos(telegram: Pick<FakeTelegram, "receivePhoto">): void {
  for (const [name, fileId] of Object.entries(DEMO_PHOTOS) as [keyof typeof DEMO_PHOTOS, string][]) {
    const png = encodePng(W, H, PAINT[name]);
    telegram.receivePhoto(png, photoSizes({ format: "png", width: W, height: H }, png.length), "image/png", fileId);
  }
}
