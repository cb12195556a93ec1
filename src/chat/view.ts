// The JSON shape of a chat message, the same over sockets and HTTP.
import { ROLE_LABELS, type Actor } from '../accounts/roles';
import type { Locale } from '../i18n/i18n';
import { renderAll } from '../i18n/messages';
import type { ChatCase } from './access';
import type { ChatAuthor, MessageEntry } from './model';

export type ChatMessageView = {
  id: string;
  caseId: string;
  seq: number;
  clientId: string;
  kind: 'user' | 'system';
  text: string;
  /** A system message in each interface language; clients show the one of their page. */
  texts?: Record<Locale, string>;
  asIs?: string[];
  author: (ChatAuthor & { roleLabel: string }) | null;
  attachment: { id: string; filename: string; contentType: string; size: number; url: string } | null;
  createdAt: string;
};

/** How the author is shown: name, role, and the institute or company they speak for. */
export function authorOf(actor: Actor, c: ChatCase): ChatAuthor {
  return {
    id: actor.id,
    name: actor.name,
    role: actor.role,
    ...(actor.instituteCode ? { institute: actor.instituteCode } : {}),
    ...(actor.role === 'company' ? { company: c.companyName } : {}),
  };
}

export function messageView(m: MessageEntry): ChatMessageView {
  return {
    id: m._id,
    caseId: m.caseId,
    seq: m.seq,
    clientId: m.clientId,
    kind: m.kind,
    text: m.text,
    // The parts of a system message that people wrote (names, titles), for the page to mark.
    ...(m.event ? { texts: renderAll(m.event), asIs: Object.values(m.event.params ?? {}).map(String) } : {}),
    author: m.author
      ? { ...m.author, roleLabel: ROLE_LABELS[m.author.role as keyof typeof ROLE_LABELS] ?? m.author.role }
      : null,
    attachment: m.attachment ? { ...m.attachment, url: `/api/cases/${m.caseId}/attachments/${m.attachment.id}` } : null,
    createdAt: m.createdAt.toISOString(),
  };
}
