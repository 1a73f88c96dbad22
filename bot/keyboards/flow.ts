import { defineCallbacks } from "../callback-data.ts";

/** The cancel button of any staff action's summary (see features/cancel.ts). */
export const flowCallbacks = defineCallbacks("flow", { cancel: {} });
