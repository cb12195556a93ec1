// Chat messages notify the case's members, but not one notification per message: the
// first message in a case opens a short window, and when it closes the members who did
// not write in it get one notification naming who wrote. Held in the process that took
// the messages; a process that stops first flushes what it holds (server.ts), and a
// crash loses at most one window's notification — the messages themselves are stored.
import type { Actor } from '../accounts/roles';
import type { AppContext } from '../core/context';
import { caseMembers, notify, type Audience } from '../notifications/service';
import type { ChatCase } from './access';

export const CHAT_NOTIFY_WINDOW_MS = 60_000;

type Window = { ctx: AppContext; c: ChatCase; authors: Map<string, Actor>; timer: NodeJS.Timeout };
const open = new Map<string, Window>();

/** One notification naming `authors`, to `to`, leaving out `except`. */
function chatNotification(window: Window, authors: Actor[], to: Audience[], except: Actor[]) {
  const { ctx, c } = window;
  const names = [...new Set(authors.map((a) => a.name))].join(', ');
  return notify(
    ctx,
    {
      caseId: c.id,
      caseNumber: c.number,
      kind: 'chat',
      message: { key: 'chatMessage', params: { author: names, title: c.title } },
      to,
    },
    except,
  );
}

async function close(caseId: string): Promise<void> {
  const window = open.get(caseId);
  if (!window) return;
  open.delete(caseId);
  clearTimeout(window.timer);
  const authors = [...window.authors.values()];
  // Members who did not write hear of everyone; each writer hears of the others, if any.
  await chatNotification(window, authors, caseMembers(window.c.access), authors);
  for (const author of authors) {
    const others = authors.filter((a) => a.id !== author.id);
    if (others.length) await chatNotification(window, others, [{ user: author.id }], []);
  }
}

/** Notes a stored chat message for the case's next chat notification. */
export function noteChatMessage(ctx: AppContext, c: ChatCase, author: Actor): void {
  const window = open.get(c.id);
  if (window) {
    window.authors.set(author.id, author);
    return;
  }
  const timer = setTimeout(() => void close(c.id), CHAT_NOTIFY_WINDOW_MS);
  timer.unref();
  open.set(c.id, { ctx, c, authors: new Map([[author.id, author]]), timer });
}

/** Sends every pending chat notification now (on shutdown, and in tests). */
export async function flushChatNotifications(): Promise<void> {
  await Promise.all([...open.keys()].map(close));
}
