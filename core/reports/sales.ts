// The period's plain sales figures, from history.ts's one pass:
//   revenue — Σ (paid − refundedAmount) over counted purchases in the period;
//   purchases — their number; averageCheck — revenue / purchases, rounded;
//   buyers — distinct clients with a counted purchase in the period;
//   new — buyers whose first counted purchase ever falls in the period, the
//         rest returning, each with the clients and what they brought in it;
//   repeatRate — of the buyers, the share with two or more counted purchases
//         up to the period's end (the first may be long before it).
import type { History } from "./history.ts";
import type { Report } from "./types.ts";

type Sales = Pick<Report, "empty" | "revenue" | "purchases" | "averageCheck" | "buyers" | "newClients" | "returningClients" | "repeatRate">;

export function salesOf(h: History): Sales {
  return {
    empty: h.purchases === 0,
    revenue: h.revenue,
    purchases: h.purchases,
    averageCheck: h.purchases === 0 ? null : Math.round(h.revenue / h.purchases),
    buyers: h.buyers,
    newClients: { clients: h.newClients, revenue: h.newRevenue },
    returningClients: { clients: h.buyers - h.newClients, revenue: h.revenue - h.newRevenue },
    repeatRate: h.buyers === 0 ? null : h.repeatBuyers / h.buyers,
  };
}
