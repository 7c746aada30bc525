import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTPReceiver, type HTTPReceiverOptions } from '@slack/bolt';

// Bolt's HTTPReceiver verifies the signature and rejects timestamps more than 5 minutes in the past, but it
// accepts any timestamp in the future. A signed request captured with a forged future timestamp could
// then be replayed later; this receiver also refuses those, before Bolt's own verification runs
// (which stays in place for everything else).

export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

export class GuardedHTTPReceiver extends HTTPReceiver {
  constructor(options: HTTPReceiverOptions & { now?: () => number }) {
    super(options);
    const now = options.now ?? Date.now;
    const verified = this.requestListener;
    this.requestListener = (req: IncomingMessage, res: ServerResponse) => {
      const header = req.headers['x-slack-request-timestamp'];
      const ts = Number(Array.isArray(header) ? header[0] : header);
      if (Number.isFinite(ts) && ts > Math.floor(now() / 1000) + MAX_CLOCK_SKEW_SECONDS) {
        // Drain the body so the client sees a clean 401 rather than a reset connection.
        req.resume();
        res.writeHead(401, { 'content-type': 'text/plain' });
        res.end('request timestamp is too far in the future');
        return;
      }
      verified(req, res);
    };
  }
}
