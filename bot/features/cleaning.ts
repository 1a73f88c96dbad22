// Cleaning days: /cleaning shows each person their side. Clients see the
// coming days with their booking and book, move or cancel; staff and owners
// see the days by slot and mark who came; owners also announce a new day.
import { Composer } from "grammy";
import type { Context } from "../context.ts";
import { isStaff } from "../middlewares/roles.ts";
import { announceComposer } from "./cleaning/announce.ts";
import { clientComposer, showClientDays } from "./cleaning/client.ts";
import { showStaffDays, staffComposer } from "./cleaning/staff.ts";

export const cleaningFeature = new Composer<Context>();
cleaningFeature.chatType("private").command("cleaning", (ctx) => (isStaff(ctx) ? showStaffDays(ctx) : showClientDays(ctx)));
cleaningFeature.use(announceComposer, staffComposer, clientComposer);
