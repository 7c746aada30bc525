import { deflateSync } from 'node:zlib';
import { zipSync } from 'fflate';
import type { ConfigFile } from '../../config/file-schema.js';
import { COMMAND_SPECS } from '../../core/commands.js';

// The Teams app package: manifest.json (the bot, its command list per scope, resource-specific consent) and the two
// icons Teams requires (192x192 color, 32x32 white outline on transparent), zipped flat as Teams expects.
// fflate writes the zip (small, no dependencies); the PNGs are drawn here (a solid tile with a white "g" bar).

export const MANIFEST_VERSION = '1.11';
export const MANIFEST_SCHEMA = `https://developer.microsoft.com/en-us/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`;

export function buildManifest(appId: string, teams: ConfigFile['teams']): Record<string, unknown> {
  const p = teams.package;
  const site = p.websiteUrl ?? 'https://github.com/govai/govai';
  const commands = COMMAND_SPECS.filter((c) => c.name !== 'add').map((c) => ({
    title: c.name,
    description: c.description.slice(0, 128),
  }));
  return {
    $schema: MANIFEST_SCHEMA,
    manifestVersion: MANIFEST_VERSION,
    version: p.version,
    id: appId,
    packageName: 'org.govai.bot',
    developer: {
      name: p.developerName,
      websiteUrl: site,
      privacyUrl: p.privacyUrl ?? site,
      termsOfUseUrl: p.termsOfUseUrl ?? site,
    },
    name: { short: p.shortName, full: p.fullName },
    description: {
      short: 'Government AI news as briefings, cited answers and digests.',
      full:
        'govai turns government AI news into briefings (headline, TL;DR, key points, glossary) and answers ' +
        'questions by quoting the sentence that answers them, with a citation. Ask @govai summary, ask, ' +
        'digest, list or help; scheduled digests post to channels.',
    },
    icons: { color: 'color.png', outline: 'outline.png' },
    accentColor: p.accentColor,
    bots: [
      {
        botId: appId,
        scopes: ['team', 'groupchat', 'personal'],
        isNotificationOnly: false,
        supportsFiles: false,
        commandLists: [{ scopes: ['team', 'groupchat', 'personal'], commands }],
      },
    ],
    permissions: ['identity', 'messageTeamMembers'],
    validDomains: [],
    // Resource-specific consent: channel and group-chat messages without an @mention (keyword triggers), and the
    // right to read the app's own grants, so the bot can tell whether a team consented (consent.ts).
    webApplicationInfo: {
      id: appId,
      resource: `api://botid-${appId}`,
      ...(teams.readChannelMessages
        ? {
            applicationPermissions: [
              'ChannelMessage.Read.Group',
              'ChatMessage.Read.Chat',
              'TeamsAppInstallation.Read.Group',
              'TeamsAppInstallation.Read.Chat',
            ],
          }
        : {}),
    },
  };
}

export function buildPackage(
  appId: string,
  teams: ConfigFile['teams'],
): { zip: Uint8Array; manifest: Record<string, unknown> } {
  const manifest = buildManifest(appId, teams);
  const color = hex(teams.package.accentColor);
  const zip = zipSync({
    'manifest.json': new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`),
    'color.png': png(192, (x, y) => (inGlyph(x / 192, y / 192) ? [255, 255, 255, 255] : [...color, 255])),
    'outline.png': png(32, (x, y) => (inGlyph(x / 32, y / 32) || edge(x, y, 32) ? [255, 255, 255, 255] : [0, 0, 0, 0])),
  });
  return { zip, manifest };
}

const hex = (c: string): [number, number, number] => [
  Number.parseInt(c.slice(1, 3), 16),
  Number.parseInt(c.slice(3, 5), 16),
  Number.parseInt(c.slice(5, 7), 16),
];
const edge = (x: number, y: number, n: number) => x === 0 || y === 0 || x === n - 1 || y === n - 1;
/** A simple "g" mark: a ring and a descender. */
function inGlyph(u: number, v: number): boolean {
  const d = Math.hypot(u - 0.5, v - 0.45);
  return (
    (d > 0.16 && d < 0.24) ||
    (u > 0.66 && u < 0.74 && v > 0.3 && v < 0.72) ||
    (v > 0.68 && v < 0.75 && u > 0.34 && u < 0.74)
  );
}

/** An RGBA PNG (8-bit, no interlace). */
export function png(size: number, pixel: (x: number, y: number) => number[]): Uint8Array {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) Buffer.from(pixel(x, y)).copy(raw, y * (size * 4 + 1) + 1 + x * 4);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([len, body, crc]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
