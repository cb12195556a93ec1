// The live side of chat as the case services see it: one hub per running server,
// found from the AppContext the server was started with. Case services without a
// hub (tests without sockets, the demo seed) still store system messages.
import type { AppContext } from '../core/context';
import type { MessageEntry } from './model';

export type ChatHub = {
  /** Sends a stored message to the case's room (all processes). */
  broadcast(message: MessageEntry): void;
  /** Tells the users' open pages their new unread notification count (the live bell). */
  bell(userIds: string[]): Promise<void>;
  /** Re-checks who may be in the case's room after its team changed; removes the others at once. */
  caseChanged(caseId: string): Promise<void>;
};

const hubs = new WeakMap<AppContext, ChatHub>();

export function registerChatHub(ctx: AppContext, hub: ChatHub): () => void {
  hubs.set(ctx, hub);
  return () => {
    if (hubs.get(ctx) === hub) hubs.delete(ctx);
  };
}

export const chatHubOf = (ctx: AppContext): ChatHub | undefined => hubs.get(ctx);
