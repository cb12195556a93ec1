// Each app process's search index over the registry, in step with writes made by any
// process: the snapshot head is checked at most every HEAD_CHECK_MS, and a new revision
// is loaded (0.3 s for 26,000 items) and indexed while searches keep the index they
// have. A write in this process is waited for, so its author sees it at once.
import { reloadedEvery } from '../core/reloaded';
import { instrumentTypes } from './instrument-types';
import { EquipmentSearchIndex } from './search-index';
import { readHead, readSnapshot } from './snapshot';
import { InstrumentSynonyms } from './synonyms';

const HEAD_CHECK_MS = 2000;

type Loaded = { revision: string; index: Promise<EquipmentSearchIndex> };

const head = reloadedEvery(HEAD_CHECK_MS, readHead);
let synonyms: InstrumentSynonyms | undefined;
let loading: Loaded | undefined;
/** The last index that finished building. */
let ready: { revision: string; index: EquipmentSearchIndex } | undefined;

async function buildIndex(): Promise<EquipmentSearchIndex> {
  const snapshot = await readSnapshot();
  synonyms ??= new InstrumentSynonyms(instrumentTypes());
  return new EquipmentSearchIndex(snapshot.items, synonyms);
}

function load(revision: string): Loaded {
  const started: Loaded = { revision, index: buildIndex() };
  started.index.then(
    (index) => {
      if (loading === started) ready = { revision, index };
    },
    () => {
      if (loading === started) loading = undefined;
    },
  );
  return started;
}

/** The index of the registry's current revision, or the previous one while it builds. */
export async function currentIndex(): Promise<EquipmentSearchIndex> {
  const revision = (await head.get())?.revision ?? 'none';
  if (ready?.revision === revision) return ready.index;
  if (loading?.revision !== revision) loading = load(revision);
  return ready ? ready.index : loading.index;
}

/** After a write in this process: the next search waits for the new revision. */
export function registryChanged(): void {
  head.forget();
  ready = undefined;
}

/** How many instruments the registry holds (the snapshot head's count). */
export async function registryCount(): Promise<number> {
  return (await head.get())?.count ?? 0;
}
