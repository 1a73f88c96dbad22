// The part of lunar-javascript this project uses (the package ships no types).
declare module "lunar-javascript" {
  export class Solar {
    getYear(): number;
    getMonth(): number;
    getDay(): number;
  }
  export class Lunar {
    /** A day of the Chinese calendar (month 1–12, day 1–30) in the lunar year that starts in `year`. */
    static fromYmd(year: number, month: number, day: number): Lunar;
    getSolar(): Solar;
  }
}
