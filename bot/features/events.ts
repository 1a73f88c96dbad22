// Events: clients answer invitations and see theirs (/events), owners create
// one (/event), staff mark who came (/attendance). One feature, three parts.
import { Composer } from "grammy";
import type { Context } from "../context.ts";
import { answersComposer } from "./events/answers.ts";
import { attendanceComposer } from "./events/attendance.ts";
import { createComposer } from "./events/create.ts";

export const eventsFeature = new Composer<Context>();
eventsFeature.use(createComposer, attendanceComposer, answersComposer);
