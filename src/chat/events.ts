// System messages: case events (accepted, team changed, resolved…) written into the
// case's chat. Called by the case services after a change has been stored; best
// effort, so a failure is logged and never undoes the change.
import type { AppContext } from '../core/context';
import type { CaseDoc } from '../cases/model';
import { forgetChatCase } from './access';
import { chatHubOf } from './hub';
import { storeMessage } from './service';

export type CaseEventNote = { kind: string; text: string; teamChanged?: boolean };

export async function recordCaseEvent(ctx: AppContext, c: CaseDoc, event: CaseEventNote): Promise<void> {
  const caseId = String(c._id);
  try {
    forgetChatCase(caseId);
    const hub = chatHubOf(ctx);
    // Removed members leave the room before the event is posted, so they never see it.
    if (event.teamChanged) await hub?.caseChanged(caseId);
    if (c.status === 'draft') return;
    await storeMessage(
      { caseId, clientId: `sys-${event.kind}-${c.rev}`, text: event.text, author: null, at: ctx.now() },
      hub ? (message) => hub.broadcast(message) : undefined,
    );
  } catch (error) {
    ctx.log.warn({ err: error, caseId, kind: event.kind }, 'chat system message failed');
  }
}
