import { defineCallbacks } from "../callback-data.ts";

/** A client's answer to an invitation: under the invitation itself and in /events. */
export const RSVP_ANSWERS = ["going", "plus_one", "declined"] as const;
export type RsvpAnswer = (typeof RSVP_ANSWERS)[number];

export const rsvpCallbacks = defineCallbacks("rsvp", {
  answer: { event: "int", answer: RSVP_ANSWERS },
});
