import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildPackage, MANIFEST_VERSION } from '../../src/adapters/teams/package.js';
import { configFileSchema } from '../../src/config/file-schema.js';
import { COMMAND_SPECS } from '../../src/core/commands.js';

// The manifest validates against the vendored Teams schema of the version it declares (offline).
const schema = JSON.parse(
  readFileSync(
    path.join(import.meta.dirname, '..', 'fixtures', 'teams', `MicrosoftTeams.schema.v${MANIFEST_VERSION}.json`),
    'utf8',
  ),
);
delete schema.$schema; // draft-04 meta-schema id; the keywords it uses validate the same under Ajv's default draft.
const ajv = new Ajv({ allErrors: true, strict: false });
(addFormats as unknown as (a: Ajv) => void)(ajv);
const validate = ajv.compile(schema);
const APP_ID = '11111111-2222-3333-4444-555555555555';

describe('govai teams package', () => {
  it('writes a zip whose manifest validates against the schema it declares, with both icons', () => {
    const teams = configFileSchema.parse({}).teams;
    const { zip } = buildPackage(APP_ID, teams);
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
    expect(manifest.manifestVersion).toBe(MANIFEST_VERSION);
    expect(manifest.$schema).toContain(`v${MANIFEST_VERSION}/`);
    const ok = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(manifest.bots[0].commandLists[0].commands.map((c: { title: string }) => c.title)).toEqual(
      COMMAND_SPECS.map((c) => c.name).filter((n) => n !== 'add'),
    );
    // The messages without a mention, and the right to read its own grants (to tell whether a team consented).
    expect(manifest.webApplicationInfo.applicationPermissions).toEqual([
      'ChannelMessage.Read.Group',
      'ChatMessage.Read.Chat',
      'TeamsAppInstallation.Read.Group',
      'TeamsAppInstallation.Read.Chat',
    ]);
    // PNG signature and the sizes Teams requires (IHDR width/height).
    for (const [name, size] of [
      ['color.png', 192],
      ['outline.png', 32],
    ] as const) {
      const png = Buffer.from(files[name]!);
      expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
    }
  });

  it('the schema check can fail: a manifest with a bad bot id is rejected', () => {
    const { manifest } = buildPackage(APP_ID, configFileSchema.parse({}).teams);
    expect(validate({ ...manifest, bots: [{ botId: 'not-a-guid', scopes: ['team'] }] })).toBe(false);
  });

  it('without readChannelMessages the package asks for no resource-specific consent', () => {
    const { manifest } = buildPackage(APP_ID, configFileSchema.parse({ teams: { readChannelMessages: false } }).teams);
    expect(
      (manifest.webApplicationInfo as { applicationPermissions?: string[] }).applicationPermissions,
    ).toBeUndefined();
    expect(validate(manifest)).toBe(true);
  });
});
