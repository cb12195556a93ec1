// The one place where a stored case change fans out to other features (today: the
// dashboard's month summaries). Features subscribe at assembly (app.ts); the case store
// announces each change after it is written. A listener's failure is logged by the
// listener and never undoes the change.
import type { CaseDoc } from './model';

export type CaseChangeListener = (before: CaseDoc | undefined, after: CaseDoc) => Promise<void>;

const listeners = new Map<string, CaseChangeListener>();

/** Subscribes `name` (a feature); subscribing the same name again replaces its listener. */
export function onCaseChange(name: string, listener: CaseChangeListener): void {
  listeners.set(name, listener);
}

export async function announceCaseChange(before: CaseDoc | undefined, after: CaseDoc): Promise<void> {
  await Promise.all([...listeners.values()].map((listener) => listener(before, after)));
}
