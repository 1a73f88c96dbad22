// The shape of every staff feature: its command and its buttons are refused to
// anyone without the role (deny by default, nothing changes), and everything
// else is registered on a composer that only staff and owners reach.
import { Composer } from "grammy";
import type { Context, Flow } from "../context.ts";
import { isOwner, isStaff, refuse } from "./roles.ts";

export function createStaffComposer(command: string, callbackData: RegExp) {
  const feature = new Composer<Context>();
  const privateChats = feature.chatType("private");
  privateChats.command(command, (ctx, next) => (isStaff(ctx) ? next() : refuse(ctx)));
  privateChats.callbackQuery(callbackData, (ctx, next) => (isStaff(ctx) ? next() : refuse(ctx)));
  return { feature, staff: privateChats.filter(isStaff) };
}

/** The same for an owner's feature: its commands and buttons answer "only for the owner" to everyone else. */
export function createOwnerComposer(commands: string | string[], callbackData?: RegExp) {
  const feature = new Composer<Context>();
  const privateChats = feature.chatType("private");
  privateChats.command(commands, (ctx, next) => (isOwner(ctx) ? next() : refuse(ctx, "errors.owner_only")));
  if (callbackData) privateChats.callbackQuery(callbackData, (ctx, next) => (isOwner(ctx) ? next() : refuse(ctx, "errors.owner_only")));
  return { feature, owners: privateChats.filter(isOwner) };
}

export type FlowOf<K extends Flow["kind"]> = Extract<Flow, { kind: K }>;

/** The staff action in progress if it is of this kind. */
export function flowOf<K extends Flow["kind"]>(ctx: Context, kind: K): FlowOf<K> | undefined {
  return ctx.session.flow?.kind === kind ? (ctx.session.flow as FlowOf<K>) : undefined;
}
