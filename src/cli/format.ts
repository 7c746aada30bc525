import { renderText } from '../adapters/console/render-text.js';
import { renderDiscord } from '../adapters/discord/render.js';
import { renderSlackJson } from '../adapters/slack/render.js';
import { replyToJson, type Reply } from '../core/reply.js';
import { CliError } from './io.js';

export const FORMATS = ['text', 'json', 'slack', 'discord'] as const;
export type Format = (typeof FORMATS)[number];

type Renderer = (reply: Reply) => string;

// Slack and Discord renderers are pure functions owned by their adapters; they register here.
const renderers: Record<Format, Renderer | undefined> = {
  text: renderText,
  json: replyToJson,
  slack: undefined,
  discord: undefined,
};

export function registerRenderer(format: Format, renderer: Renderer): void {
  renderers[format] = renderer;
}

export function parseFormat(value: string | undefined): Format {
  const v = (value ?? 'text').toLowerCase();
  if (!(FORMATS as readonly string[]).includes(v))
    throw new CliError(`--format must be one of ${FORMATS.join(', ')} (got "${value}")`);
  return v as Format;
}

export function render(reply: Reply, format: Format): string {
  const r = renderers[format];
  if (!r) throw new CliError(`--format ${format} is not available in this build`);
  return r(reply);
}

// Discord: the message payloads (API JSON) the bot would send, first one first. Pure: loads no discord.js.
registerRenderer('discord', (reply) => JSON.stringify(renderDiscord(reply), null, 2));
// The messages (text + Block Kit blocks) the Slack adapter would send; pure, Bolt is not loaded.
registerRenderer('slack', renderSlackJson);
