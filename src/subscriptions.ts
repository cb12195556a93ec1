// Where case changes fan out (cases/changes.ts announces them): the cases' own list
// rows, the dashboard's month summaries and the institutes' open load. Called by
// everything that changes cases: the app (app.ts) and the seed script.
import { onCaseChange } from './cases/changes';
import { rowListener } from './cases/rows';
import type { Logger } from './core/logger';
import { dashboardListener } from './dashboard/month-rows';
import { loadListener } from './routing/load';

export function subscribeToCaseChanges(log: Logger): void {
  onCaseChange('case-rows', rowListener(log));
  onCaseChange('dashboard', dashboardListener(log));
  onCaseChange('routing-load', loadListener(log));
}
