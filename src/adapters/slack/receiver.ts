import { systemTime } from '../../time/system-time.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTPModuleFunctions, HTTPReceiver, type HTTPReceiverOptions, isRawBodyError } from '@slack/bolt';
import type { SeenEvents } from '../../core/ports.js';

// Bolt's HTTPReceiver, with the checks it lacks done first (Bolt's own verification stays in place after them):
// - a timestamp more than 5 minutes in the future is refused (Bolt only refuses old ones, so a request signed with a
//   forged future timestamp could be replayed later);
// - the signature is verified here, before anything is parsed or remembered;
// - a body that is not a JSON object (`null`, a number, a string, an array, or a form `payload=null`) gets 400:
//   Bolt reads `body.ssl_check` outside its error handling, so a correctly signed `null` ended the process;
// - an object that is no Slack request (every one has a string `type`, a slash command's `command`, or `ssl_check`)
//   gets 400 at once: Bolt cannot route it, acknowledges nothing and answers 404 only after its 3-second timeout;
// - a replayed request (a slash command or button click with a `trigger_id` already seen) is acknowledged and
//   dropped: the signature stays valid for 5 minutes, so the same bytes sent again would otherwise run twice.
//   Slack itself never re-sends those; its retries of Events API callbacks are deduplicated by event id.

export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

export interface GuardedReceiverOptions extends HTTPReceiverOptions {
  now?: () => number;
  /** Where trigger ids are remembered (the SQLite store in the running bot, so a restart does not forget them). */
  seen?: SeenEvents;
  onRefused?: (reason: RefusalReason) => void;
}

export type RefusalReason =
  | 'future-timestamp'
  | 'unverified'
  | 'too-large'
  | 'malformed'
  | 'not-an-object'
  | 'untyped'
  | 'replayed';

export class GuardedHTTPReceiver extends HTTPReceiver {
  constructor(options: GuardedReceiverOptions) {
    super(options);
    const now = options.now ?? systemTime.now;
    const bodyLimit = options.bodyLimit ?? HTTPModuleFunctions.defaultBodyLimit;
    const verify = options.signatureVerification !== false;
    const bolt = this.requestListener;
    const refuse = (res: ServerResponse, status: number, reason: RefusalReason, text = '') => {
      options.onRefused?.(reason);
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(text);
    };
    this.requestListener = (req: IncomingMessage, res: ServerResponse) => {
      if (req.method !== 'POST') return bolt(req, res);
      const header = req.headers['x-slack-request-timestamp'];
      const ts = Number(Array.isArray(header) ? header[0] : header);
      if (Number.isFinite(ts) && ts > Math.floor(now() / 1000) + MAX_CLOCK_SKEW_SECONDS) {
        // Drain the body so the client sees a clean 401 rather than a reset connection.
        req.resume();
        return refuse(res, 401, 'future-timestamp', 'request timestamp is too far in the future');
      }
      void (async () => {
        let buffered: Awaited<ReturnType<typeof HTTPModuleFunctions.parseAndVerifyHTTPRequest>>;
        try {
          buffered = await HTTPModuleFunctions.parseAndVerifyHTTPRequest(
            { enabled: verify, signingSecret: options.signingSecret as string, bodyLimit },
            req,
          );
        } catch (error) {
          if (
            isRawBodyError(error) &&
            ((error as { statusCode?: number }).statusCode === 413 ||
              (error as { type?: string }).type === 'entity.too.large')
          ) {
            return refuse(res, 413, 'too-large');
          }
          return refuse(res, 401, 'unverified');
        }
        let body: unknown;
        try {
          body = HTTPModuleFunctions.parseHTTPRequestBody(buffered);
        } catch {
          return refuse(res, 400, 'malformed', 'the request body is not valid JSON or form data');
        }
        if (body === null || typeof body !== 'object' || Array.isArray(body))
          return refuse(res, 400, 'not-an-object', 'the request body must be a JSON object');
        const shape = body as { type?: unknown; command?: unknown; ssl_check?: unknown };
        if (typeof shape.type !== 'string' && typeof shape.command !== 'string' && shape.ssl_check === undefined)
          return refuse(res, 400, 'untyped', 'the request body is not a Slack request (no type, command or ssl_check)');
        const trigger = (body as { trigger_id?: unknown }).trigger_id;
        if (
          options.seen &&
          typeof trigger === 'string' &&
          trigger !== '' &&
          !options.seen.firstSeen(`slack:trigger:${trigger}`, now())
        ) {
          // 200 with no body: Slack shows nothing, and the command does not run a second time.
          options.onRefused?.('replayed');
          res.writeHead(200);
          res.end();
          return;
        }
        // Bolt reuses the buffered body (rawBody) and verifies it again; from here on it is Bolt's request.
        bolt(buffered, res);
      })().catch(() => {
        if (!res.headersSent) refuse(res, 500, 'malformed');
      });
    };
  }
}
