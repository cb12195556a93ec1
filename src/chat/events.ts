// System messages: what each case change says in the case's chat (accepted, team
// changed, resolved…). The change stores its event in the same write as itself
// (cases/store.ts `pendingEvents`); this case-change listener posts it and then clears
// it, so a message cut short by a failure is posted when the change is replayed
// (cases/changes.ts). Posting twice is harmless: the message's key is the event's
// revision, and the chat stores a key once.
import { Case, type CaseDoc } from '../cases/model';
import type { CaseChangeListener } from '../cases/changes';
import type { CaseEvent } from '../cases/store';
import type { AppContext } from '../core/context';
import { renderMessage, type LocalMessage } from '../i18n/messages';
import { forgetChatCase } from './access';
import { chatHubOf } from './hub';
import { storeMessage } from './service';

/** Events stored by the previous version carry a finished Korean sentence instead of a message. */
type PendingEvents = Record<string, CaseEvent | { kind: string; text: string; teamChanged?: boolean }>;

function systemText(event: PendingEvents[string]) {
  const message: LocalMessage = 'message' in event ? event.message : { key: 'legacy', params: { text: event.text } };
  return { text: renderMessage('ko', message), event: message };
}

async function postCaseEvent(ctx: AppContext, c: CaseDoc, rev: string, event: PendingEvents[string]): Promise<void> {
  const caseId = String(c._id);
  forgetChatCase(caseId);
  const hub = chatHubOf(ctx);
  // Removed members leave the room before the event is posted, so they never see it.
  if (event.teamChanged) await hub?.caseChanged(caseId);
  if (c.status === 'draft') return;
  await storeMessage(
    { caseId, clientId: `sys-${event.kind}-${rev}`, ...systemText(event), author: null, at: ctx.now() },
    hub ? (message) => hub.broadcast(message) : undefined,
  );
}

export const caseEventListener =
  (ctx: AppContext): CaseChangeListener =>
  async (_before, after) => {
    const pending = Object.entries((after.pendingEvents ?? {}) as PendingEvents).sort(
      ([a], [b]) => Number(a.slice(1)) - Number(b.slice(1)),
    );
    for (const [key, event] of pending) {
      await postCaseEvent(ctx, after, key.slice(1), event);
      await Case.updateOne({ _id: after._id }, { $unset: { [`pendingEvents.${key}`]: '' } });
    }
  };
