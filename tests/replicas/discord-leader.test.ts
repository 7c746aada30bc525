import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_IDS, type FakeDiscord, startFakeDiscord } from '../fakes/fake-discord.js';
import { replicaEnv, useReplicaServers } from './servers.js';
import { type RunningMain, spawnMain } from '../helpers/run-cli.js';
import { tempProject, waitFor } from '../helpers/seed.js';

// Two real bot processes with the same Discord token on one PostgreSQL database: exactly one holds the gateway (two
// connections would answer every message twice); when it is SIGKILLed, the other takes over within the lease.

const servers = useReplicaServers({ slack: false });
let discord: FakeDiscord;
beforeAll(async () => {
  discord = await startFakeDiscord();
}, 60_000);
afterAll(async () => discord?.close());

describe('the Discord gateway with replicas', () => {
  it('is held by one replica at a time and taken over when the holder dies', async () => {
    const project = tempProject();
    const config = path.join(project.dir, 'leader.config.yaml');
    writeFileSync(config, 'replicas:\n  leaseSeconds: 2\n');
    const start = (name: string): RunningMain =>
      spawnMain(project.dir, {
        DISCORD_TOKEN: 'replica-discord-token',
        DISCORD_APPLICATION_ID: FAKE_IDS.app,
        DISCORD_API_URL: discord.apiUrl,
        ...replicaEnv(servers.pg.url, name),
        GOVAI_CONFIG: config,
      });
    const bots = { a: start('a'), b: start('b') };
    const stderr = () => `a:\n${bots.a.stderr()}\nb:\n${bots.b.stderr()}`;
    try {
      await waitFor(() => (discord.identifies.length >= 1 ? true : undefined), 60_000, 'one gateway login').catch(
        (error: Error) => {
          throw new Error(`${error.message}\n${stderr()}`);
        },
      );
      await waitFor(
        () => (bots.a.stderr().includes('Discord') || bots.a.stderr().includes('discord') ? true : undefined),
        30_000,
        'replica a started',
      );
      await waitFor(
        () => (bots.b.stderr().includes('Discord') || bots.b.stderr().includes('discord') ? true : undefined),
        30_000,
        'replica b started',
      );
      // Several lease periods: the other replica keeps checking and must not log in too.
      await new Promise((r) => setTimeout(r, 3_000));
      expect(discord.identifies, stderr()).toHaveLength(1);
      const leader = bots.a.stderr().includes('this replica now holds discord-gateway') ? 'a' : 'b';
      const other = leader === 'a' ? 'b' : 'a';
      expect(bots[leader].stderr()).toContain('this replica now holds discord-gateway');
      expect(bots[other].stderr()).toContain('discord-gateway is held by another replica');

      bots[leader].child.kill('SIGKILL');
      await bots[leader].exited;
      await waitFor(() => (discord.identifies.length >= 2 ? true : undefined), 15_000, 'takeover').catch(
        (error: Error) => {
          throw new Error(`${error.message}\n${stderr()}`);
        },
      );
      await waitFor(
        () => (bots[other].stderr().includes('this replica now holds discord-gateway') ? true : undefined),
        15_000,
        'the takeover to finish',
      );
      expect(discord.identifies).toHaveLength(2);
    } finally {
      for (const bot of Object.values(bots)) {
        if (bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill('SIGTERM');
        await bot.exited;
      }
    }
  }, 180_000);
});
