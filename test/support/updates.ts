// Updates as Telegram sends them to a private chat: messages (a leading
// /command gets its bot_command entity), shared contacts, photos, files and
// button taps.
import type { Update, UserFromGetMe } from "grammy/types";

export interface Person {
  id: number;
  first_name: string;
  last_name?: string;
  language_code?: string;
}

type NewUpdate = Omit<Update, "update_id">;

export function createUpdateFactory(now: () => Date, bot: Pick<UserFromGetMe, "id" | "first_name" | "username">) {
  let messageId = 1_000;
  let callbackId = 1;
  const date = () => Math.floor(now().getTime() / 1000);
  const chat = (p: Person) => ({ id: p.id, type: "private" as const, first_name: p.first_name });
  const user = (p: Person) => ({ ...p, is_bot: false });

  return {
    text(from: Person, text: string): NewUpdate {
      const command = /^\/\w+/.exec(text);
      const entities = command ? [{ type: "bot_command" as const, offset: 0, length: command[0].length }] : undefined;
      return { message: { message_id: messageId++, date: date(), chat: chat(from), from: user(from), text, ...(entities ? { entities } : {}) } };
    },
    contact(from: Person, phone: string, userId = from.id): NewUpdate {
      return {
        message: {
          message_id: messageId++,
          date: date(),
          chat: chat(from),
          from: user(from),
          contact: { phone_number: phone, first_name: from.first_name, user_id: userId },
        },
      };
    },
    /** A photo as Telegram delivers it: sizes from small to large, the last one the largest. */
    photo(from: Person, fileId: string, caption?: string): NewUpdate {
      const size = (suffix: string, side: number) => ({ file_id: `${fileId}${suffix}`, file_unique_id: `u-${fileId}${suffix}`, width: side, height: side, file_size: side * 100 });
      return {
        message: { message_id: messageId++, date: date(), chat: chat(from), from: user(from), photo: [size("-s", 90), size("", 1280)], ...(caption ? { caption } : {}) },
      };
    },
    /** A file sent "as a file" (an image sent uncompressed, a PDF…). */
    document(from: Person, doc: { fileId: string; mimeType: string; fileName: string; size: number }): NewUpdate {
      return {
        message: {
          message_id: messageId++,
          date: date(),
          chat: chat(from),
          from: user(from),
          document: { file_id: doc.fileId, file_unique_id: `u-${doc.fileId}`, file_name: doc.fileName, mime_type: doc.mimeType, file_size: doc.size },
        },
      };
    },
    /** The person blocked the bot ("kicked") or started it again ("member"). */
    myChatMember(from: Person, status: "kicked" | "member"): NewUpdate {
      const member = (st: "kicked" | "member") => (st === "kicked" ? { status: st, user: { ...bot, is_bot: true }, until_date: 0 } : { status: st, user: { ...bot, is_bot: true } });
      return {
        my_chat_member: {
          chat: chat(from),
          from: user(from),
          date: date(),
          old_chat_member: member(status === "kicked" ? "member" : "kicked"),
          new_chat_member: member(status),
        },
      };
    },
    /** A tap on an inline button of a message the bot sent (`messageText` is that message's text). */
    tap(from: Person, data: string, messageText = "", messageIdOfButton = messageId++): NewUpdate {
      return {
        callback_query: {
          id: String(callbackId++),
          from: user(from),
          chat_instance: `ci-${from.id}`,
          data,
          message: { message_id: messageIdOfButton, date: date(), chat: chat(from), from: { ...bot, is_bot: true }, text: messageText },
        },
      };
    },
  };
}
