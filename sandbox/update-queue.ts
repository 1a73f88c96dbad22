// getUpdates as Telegram serves it: updates wait in a queue until the bot asks
// with a higher offset; an empty queue holds the request open up to `timeout`.
import type { Update } from "grammy/types";

export type NewUpdate = Omit<Update, "update_id">;

export function createUpdateQueue() {
  const queue: Update[] = [];
  const waiters = new Set<() => void>();
  let nextId = 1;
  const wake = () => {
    for (const w of waiters) w();
    waiters.clear();
  };

  return {
    push(update: NewUpdate): number {
      const update_id = nextId++;
      queue.push({ update_id, ...update });
      wake();
      return update_id;
    },
    async get(params: { offset?: number; limit?: number; timeout?: number }): Promise<Update[]> {
      if (params.offset !== undefined) while (queue.length && queue[0]!.update_id < params.offset) queue.shift();
      if (queue.length === 0 && (params.timeout ?? 0) > 0) {
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            waiters.delete(done);
            resolve();
          };
          const timer = setTimeout(done, Math.min(params.timeout!, 50) * 1000);
          waiters.add(done);
        });
      }
      return queue.slice(0, Math.min(Math.max(params.limit ?? 100, 1), 100));
    },
    /** Ends every held request (shutdown). */
    release: wake,
    get pending() {
      return queue.length;
    },
  };
}

export type UpdateQueue = ReturnType<typeof createUpdateQueue>;
