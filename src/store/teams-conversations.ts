import type { SqlDriver } from './sql.js';

// Where a proactive Teams message can go: the conversation reference captured when the bot was installed in, or
// first spoken to in, a channel, group chat or 1:1 chat. Removal (the app uninstalled, the bot removed) is kept as a
// mark rather than a deletion, so a digest to that conversation fails with a clear, permanent reason.

export interface TeamsConversationReference {
  serviceUrl: string;
  channelId: string;
  conversation: { id: string; conversationType?: string; tenantId?: string; isGroup?: boolean; name?: string };
  bot: { id: string; name?: string };
  /** The tenant the conversation lives in (also in conversation.tenantId). */
  tenantId?: string;
}

export interface TeamsConversation {
  conversationId: string;
  reference: TeamsConversationReference;
  kind: 'channel' | 'groupChat' | 'personal';
  /** A human label for listings and doctor (team/channel name, or the user's name in a 1:1). */
  label?: string;
  updatedAt: number;
  removedAt?: number;
}

export interface TeamsConversationStore {
  get(conversationId: string): TeamsConversation | undefined;
  /** Records (or refreshes) a reference; clears a removal mark (the bot was added back). */
  upsert(entry: Omit<TeamsConversation, 'removedAt'>): void;
  markRemoved(conversationId: string, atMs: number): void;
  list(): TeamsConversation[];
}

interface Row {
  conversation_id: string;
  reference: string;
  kind: TeamsConversation['kind'];
  label: string | null;
  updated_at: number;
  removed_at: number | null;
}

const fromRow = (r: Row): TeamsConversation => ({
  conversationId: r.conversation_id,
  reference: JSON.parse(r.reference) as TeamsConversationReference,
  kind: r.kind,
  ...(r.label ? { label: r.label } : {}),
  updatedAt: r.updated_at,
  ...(r.removed_at !== null ? { removedAt: r.removed_at } : {}),
});

export function sqlTeamsConversations(sql: SqlDriver): TeamsConversationStore {
  return {
    get: (id) => {
      const row = sql.get<Row>('SELECT * FROM teams_conversations WHERE conversation_id = ?', [id]);
      return row ? fromRow(row) : undefined;
    },
    upsert: (e) =>
      void sql.run(
        `INSERT INTO teams_conversations (conversation_id, reference, kind, label, updated_at, removed_at) VALUES (?, ?, ?, ?, ?, NULL)
         ON CONFLICT (conversation_id) DO UPDATE SET reference = excluded.reference, kind = excluded.kind,
           label = COALESCE(excluded.label, teams_conversations.label), updated_at = excluded.updated_at, removed_at = NULL`,
        [e.conversationId, JSON.stringify(e.reference), e.kind, e.label ?? null, e.updatedAt],
      ),
    markRemoved: (id, at) =>
      void sql.run('UPDATE teams_conversations SET removed_at = ? WHERE conversation_id = ?', [at, id]),
    list: () => sql.all<Row>('SELECT * FROM teams_conversations ORDER BY updated_at DESC').map(fromRow),
  };
}

export function memoryTeamsConversations(): TeamsConversationStore {
  const map = new Map<string, TeamsConversation>();
  return {
    get: (id) => map.get(id),
    upsert: (e) =>
      void map.set(e.conversationId, {
        ...e,
        ...(e.label === undefined && map.get(e.conversationId)?.label
          ? { label: map.get(e.conversationId)!.label! }
          : {}),
      }),
    markRemoved: (id, at) => {
      const e = map.get(id);
      if (e) map.set(id, { ...e, removedAt: at });
    },
    list: () => [...map.values()].sort((a, b) => b.updatedAt - a.updatedAt),
  };
}
