import { TOPICS } from "../../core/broadcasts/topics.ts";
import { defineCallbacks } from "../callback-data.ts";

/**
 * The topics menu (/subscriptions, the end of onboarding) and the one-tap
 * "stop these" / "stop everything" under every broadcast message.
 */
export const subscriptionCallbacks = defineCallbacks("sub", {
  toggle: { topic: TOPICS },
  stop: { topic: TOPICS },
  stopall: {},
});
