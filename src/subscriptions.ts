// Where case changes fan out to other features (cases/changes.ts announces them): the
// dashboard's month summaries and the institutes' open load. Called by everything that
// changes cases: the app (app.ts) and the seed script.
import { onCaseChange } from './cases/changes';
import type { Logger } from './core/logger';
import { dashboardListener } from './dashboard/month-rows';
import { loadListener } from './routing/load';

export function subscribeToCaseChanges(log: Logger): void {
  onCaseChange('dashboard', dashboardListener(log));
  onCaseChange('routing-load', loadListener(log));
}
