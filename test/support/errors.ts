/** The DomainError code a parser throws, or "ok": compact table-driven tests of bad input. */
export function codeOf(fn: () => unknown): string {
  try {
    fn();
    return "ok";
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
}
