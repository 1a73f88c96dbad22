// Issuing a card: a fresh random number, retried in the rare case it is taken.
import type { Db } from "../db/client.ts";
import { generateCardNumber } from "./card-number.ts";

export async function issueCard(tx: Pick<Db, "card">, clientId: number) {
  for (;;) {
    const number = generateCardNumber();
    if (!(await tx.card.findUnique({ where: { number } }))) return tx.card.create({ data: { clientId, number } });
  }
}
