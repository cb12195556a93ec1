// Where case changes fan out (cases/changes.ts announces them): the cases' own list
// rows, the dashboard's month summaries, the institutes' open load and the chat's
// system messages; and where new notifications reach the live bell. Called by everything that changes cases: the app (app.ts) and the
// seed script.
import { onCaseChange, useCaseChangeLog } from './cases/changes';
import { rowListener } from './cases/rows';
import { caseEventListener } from './chat/events';
import type { AppContext } from './core/context';
import { dashboardListener } from './dashboard/month-rows';
import { onNotificationsAdded } from './notifications/service';
import { loadListener } from './routing/load';
import { chatHubOf } from './chat/hub';

export function subscribeToCaseChanges(ctx: AppContext): void {
  useCaseChangeLog(ctx.log);
  onCaseChange('case-rows', rowListener);
  onCaseChange('dashboard', dashboardListener);
  onCaseChange('routing-load', loadListener(ctx.log));
  onCaseChange('chat-events', caseEventListener(ctx));
  // The live bell: pages open over the chat's sockets hear their new unread count.
  onNotificationsAdded('live-bell', (userIds) => {
    void chatHubOf(ctx)
      ?.bell(userIds)
      .catch((error: unknown) => ctx.log.debug({ err: error }, 'live bell skipped'));
  });
}
