// Private viewings by appointment: /viewing shows each person their side.
// Clients (from the tier the owner sets) ask for one and answer the time
// staff propose; staff and owners answer the requests.
import { Composer } from "grammy";
import type { Context } from "../context.ts";
import { isStaff } from "../middlewares/roles.ts";
import { clientComposer, showClientViewing } from "./viewings/client.ts";
import { showStaffViewings, staffComposer } from "./viewings/staff.ts";

export const viewingsFeature = new Composer<Context>();
viewingsFeature.chatType("private").command("viewing", (ctx) => (isStaff(ctx) ? showStaffViewings(ctx) : showClientViewing(ctx)));
viewingsFeature.use(staffComposer, clientComposer);
