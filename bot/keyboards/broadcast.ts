import { defineCallbacks } from "../callback-data.ts";

/** The owner's broadcast composer; `invite` starts one for an event (the event feature shows that button). */
export const broadcastCallbacks = defineCallbacks("bc", {
  invite: { event: "int" },
});
