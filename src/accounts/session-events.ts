// Sessions that end before they expire: a logout ends one session; a password change or
// reset ends every session of the account. Live connections (chat sockets) are not
// requests and would outlive them, so whoever holds such connections subscribes (the
// chat server, when it starts) and closes theirs.
export type EndedSessions = { userId: string } | { sessionId: string };
type Listener = (ended: EndedSessions) => void;

const listeners = new Map<string, Listener>();

/** Subscribes `name`; subscribing the same name again replaces its listener. */
export function onSessionsEnded(name: string, listener: Listener): () => void {
  listeners.set(name, listener);
  return () => {
    if (listeners.get(name) === listener) listeners.delete(name);
  };
}

export function announceSessionsEnded(ended: EndedSessions): void {
  for (const listener of listeners.values()) listener(ended);
}
