import { defineConfig } from 'vitest/config';

// Test files that spawn a real process (the CLI, `node dist/main.js`, SIGKILL/restart, real cron): each spawn costs
// about 1-2 s here and more under load, so these get a minute. Every other test gets the 10 s default, so a unit test
// that starts to wait on real time fails loudly instead of slowing the suite.
const PROCESS_TESTS = [
  'tests/cli/ask-explain.test.ts',
  'tests/cli/batch-ask.test.ts',
  'tests/cli/cli.test.ts',
  'tests/cli/start.test.ts',
  'tests/cli/startup-lines.test.ts',
  'tests/discord/cli-format.test.ts',
  'tests/discord/register.test.ts',
  'tests/discord/setup-errors.test.ts',
  'tests/doctor/platform-check.test.ts',
  'tests/ingest/add.test.ts',
  'tests/ingest/doctor-feeds.test.ts',
  'tests/ingest/hostile.test.ts',
  'tests/ingest/running-bot.test.ts',
  'tests/install/**/*.test.ts',
  'tests/readme/**/*.test.ts',
  'tests/llm/cli-*.test.ts',
  'tests/process/**/*.test.ts',
  'tests/reliability/disk-full-process.test.ts',
  'tests/reliability/fuzz-process.test.ts',
  'tests/reliability/readonly-db.test.ts',
  'tests/replicas/**/*.test.ts',
  'tests/schedule/cli.test.ts',
  'tests/schedule/crash*.test.ts',
  'tests/slack/main-start.test.ts',
  'tests/slack/startup.test.ts',
  'tests/teams/digest-crash.test.ts',
];

export default defineConfig({
  test: {
    // Adapter tests open loopback servers and spawn processes; two cores, so keep the pool small.
    maxWorkers: 2,
    hookTimeout: 20_000,
    // One PostgreSQL server for the run, started when a test first asks for one (tests/helpers/postgres.ts).
    globalSetup: ['tests/helpers/postgres-server.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts'],
          exclude: PROCESS_TESTS,
          testTimeout: 10_000,
          // One module graph per worker instead of one per file: every unit file imports much of src/ (the NLP
          // model, zod schemas, Bolt, discord.js), which cost about three times the CPU of the tests themselves
          // when re-imported for each of the ~95 files. Safe because no test mocks modules (vi.mock), stubs globals
          // or env, fakes timers or writes process.env (tests/isolation.test.ts fails on each): a file that needs
          // to must go to a project of its own with isolation.
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'process',
          include: PROCESS_TESTS,
          testTimeout: 60_000,
          // The same rules hold here, and these files import the fakes, helpers and (for in-process CLI runs) much
          // of src/ too: one module graph per worker cut the project's CPU by about 18% (82.9 -> 67.9 s).
          isolate: false,
        },
      },
    ],
  },
});
