// Where a Socket.IO handshake may come from. A browser always sends Origin: it must be
// the app's public address (APP_URL) or the very host the request was sent to (the
// same page, behind any address). Clients that are not browsers send no Origin; they
// carry no cookies from another site, so there is nothing for them to forge.
import type { IncomingMessage } from 'node:http';

export function isOwnOrigin(request: IncomingMessage, appUrl: string | undefined): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  const host = request.headers.host;
  const allowed = [appUrl && new URL(appUrl).origin, host && `http://${host}`, host && `https://${host}`];
  return allowed.includes(origin);
}
