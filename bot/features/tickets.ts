// Service tickets: /service (clients) asks for a repair, a cleaning, an
// appraisal, an engraving or a resizing with photos; /tickets shows each
// person their side — a client their own tickets, staff and owners the open
// ones with the buttons that move them; /duty lets a seller choose whether new
// requests reach them at once.
import { Composer } from "grammy";
import type { Context } from "../context.ts";
import { isStaff } from "../middlewares/roles.ts";
import { clientComposer, showClientTickets } from "./tickets/client.ts";
import { moveComposer } from "./tickets/move.ts";
import { requestComposer } from "./tickets/request.ts";
import { showStaffTickets, staffComposer } from "./tickets/staff.ts";

export const ticketsFeature = new Composer<Context>();
ticketsFeature.chatType("private").command("tickets", (ctx) => (isStaff(ctx) ? showStaffTickets(ctx, ctx.match) : showClientTickets(ctx)));
// The staff composer first: its role check answers every staff button before any handler reads it.
ticketsFeature.use(staffComposer, moveComposer, requestComposer, clientComposer);
