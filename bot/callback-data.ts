// Callback data, defined once per feature and used by both the keyboard that
// packs it and the handler that matches and unpacks it. The wire format is
// "<prefix>:<action>[:<value>…]"; a value is an integer, a short token or one
// of a fixed list, so forged data never reaches a handler with a bad value.
// Telegram allows 64 bytes; a prefix may be defined only once, so no prefix
// can mean two things.

/** What one value may be: a whole number, a url-safe token, or one of a list. */
export type FieldKind = "int" | "token" | readonly string[];
export type Fields = Record<string, FieldKind>;

type ValueOf<K extends FieldKind> = K extends "int" ? number : K extends "token" ? string : K extends readonly (infer E)[] ? E : never;
export type Values<F extends Fields> = { [N in keyof F]: ValueOf<F[N]> };

export const MAX_CALLBACK_DATA_BYTES = 64;

const PATTERN: Record<"int" | "token", string> = { int: "(\\d{1,15})", token: "([\\w-]{1,24})" };
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export interface CallbackAction<F extends Fields> {
  /** The data for a button; throws if Telegram would refuse it. */
  pack(values: Values<F>): string;
  /** Matches exactly this action with well-formed values: for `composer.callbackQuery(…)`. */
  readonly filter: RegExp;
  /** The values of data that matched `filter`. */
  unpack(data: string): Values<F>;
}

function action<F extends Fields>(prefix: string, name: string, fields: F): CallbackAction<F> {
  const names = Object.keys(fields);
  const head = `${prefix}:${name}`;
  const parts = names.map((n) => {
    const kind = fields[n]!;
    return typeof kind === "string" ? PATTERN[kind] : `(${kind.map(escape).join("|")})`;
  });
  const filter = new RegExp(`^${escape(head)}${parts.map((p) => `:${p}`).join("")}$`);
  return {
    filter,
    pack(values) {
      const data = [head, ...names.map((n) => String(values[n]))].join(":");
      if (!filter.test(data)) throw new Error(`callback data "${data}" does not fit its definition`);
      if (Buffer.byteLength(data) > MAX_CALLBACK_DATA_BYTES) throw new Error(`callback data "${data}" is over ${MAX_CALLBACK_DATA_BYTES} bytes`);
      return data;
    },
    unpack(data) {
      const m = filter.exec(data);
      if (!m) throw new Error(`callback data "${data}" is not ${head}`);
      return Object.fromEntries(names.map((n, i) => [n, fields[n] === "int" ? Number(m[i + 1]) : m[i + 1]])) as Values<F>;
    },
  };
}

const prefixes = new Set<string>();

/**
 * A feature's buttons: `defineCallbacks("pur", { ok: { key: "token" }, items: {} })`
 * gives `cb.ok.pack({ key })`, `cb.ok.filter`, `cb.ok.unpack(data)`, and
 * `cb.any`, which matches every button of the feature (for a role check).
 */
export function defineCallbacks<const A extends Record<string, Fields>>(prefix: string, actions: A): { [K in keyof A]: CallbackAction<A[K]> } & { any: RegExp } {
  if (!/^[a-z]{2,12}$/.test(prefix)) throw new Error(`callback prefix "${prefix}" must be 2–12 lowercase letters`);
  if (prefixes.has(prefix)) throw new Error(`callback prefix "${prefix}" is already defined by another feature`);
  prefixes.add(prefix);
  const built = Object.fromEntries(Object.entries(actions).map(([name, fields]) => [name, action(prefix, name, fields)]));
  return { ...(built as { [K in keyof A]: CallbackAction<A[K]> }), any: new RegExp(`^${prefix}:`) };
}

/** Every prefix defined so far (for the test that no two features share one). */
export const definedPrefixes = (): ReadonlySet<string> => prefixes;
