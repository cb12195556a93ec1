// Where case changes fan out (cases/changes.ts announces them): the cases' own list
// rows, the dashboard's month summaries, the institutes' open load and the chat's
// system messages. Called by everything that changes cases: the app (app.ts) and the
// seed script.
import { onCaseChange, useCaseChangeLog } from './cases/changes';
import { rowListener } from './cases/rows';
import { caseEventListener } from './chat/events';
import type { AppContext } from './core/context';
import { dashboardListener } from './dashboard/month-rows';
import { loadListener } from './routing/load';

export function subscribeToCaseChanges(ctx: AppContext): void {
  useCaseChangeLog(ctx.log);
  onCaseChange('case-rows', rowListener);
  onCaseChange('dashboard', dashboardListener);
  onCaseChange('routing-load', loadListener(ctx.log));
  onCaseChange('chat-events', caseEventListener(ctx));
}
