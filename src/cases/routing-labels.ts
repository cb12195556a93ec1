// Worked cases as routing training rows. A resolved or closed case was worked by the
// team that took it on: its lead (after a coordinator's override, if one was made) and the participants
// that accepted; an institute that declined is not on it. That team is the label the
// engine should have proposed. `npm run export:route-labels` writes these rows in the
// training line format, and `npm run train:route` reads them as one more fold
// (src/routing/training/cases-*.jsonl), beside the written training sets.
import type { CaseStatus } from './lifecycle';
import { Case } from './model';

const WORKED: CaseStatus[] = ['resolved', 'closed'];

export interface RoutingLabelLine {
  id: string;
  title: string;
  description: string;
  industry?: string;
  field?: string;
  region?: string;
  supportTypes?: string[];
  supplyChainItem?: boolean;
  gold: { acceptable: string[]; convergence: boolean; groups?: string[][] };
}

interface WorkedCase {
  _id: { toString(): string };
  title: string;
  description: string;
  industry?: string | null;
  field?: string | null;
  region?: string | null;
  supportTypes?: string[];
  supplyChainItem?: boolean;
  lead?: string | null;
  members?: { institute: string; state: string }[];
}

const present = <T>(value: T | null | undefined): value is T => value !== null && value !== undefined && value !== '';

/** The training row of a worked case, or none when no institute led it. */
export function labelOf(c: WorkedCase): RoutingLabelLine | undefined {
  if (!c.lead) return undefined;
  const accepted = (c.members ?? []).filter((m) => m.state === 'accepted' && m.institute !== c.lead);
  const team = [c.lead, ...new Set(accepted.map((m) => m.institute))];
  const joint = team.length > 1;
  return {
    id: `case-${c._id.toString()}`,
    title: c.title,
    description: c.description,
    ...(present(c.industry) ? { industry: c.industry } : {}),
    ...(present(c.field) ? { field: c.field } : {}),
    ...(present(c.region) ? { region: c.region } : {}),
    ...(c.supportTypes?.length ? { supportTypes: c.supportTypes } : {}),
    ...(c.supplyChainItem ? { supplyChainItem: true } : {}),
    gold: { acceptable: team, convergence: joint, ...(joint ? { groups: team.map((code) => [code]) } : {}) },
  };
}

const FIELDS = 'title description industry field region supportTypes supplyChainItem lead members';

/** Every worked case's training row, read status by status (an indexed equality) through a cursor. */
export async function* workedCaseLabels(): AsyncGenerator<RoutingLabelLine> {
  for (const status of WORKED)
    for await (const c of Case.find({ status }, FIELDS).lean<WorkedCase>().cursor()) {
      const line = labelOf(c);
      if (line) yield line;
    }
}
