-- Re-embed maintenance (issue #6, design memory.md §6): per tenant, the embedding space reads use,
-- the space being migrated to, and the run in flight with its checkpoint cursor. The document is
-- the whole state; the columns are copies for queries. Writes are compare-and-set on version.
CREATE TABLE memory_embedding_space_state (
  tenant_id text PRIMARY KEY,
  active_space_id text NOT NULL,
  target_space_id text,
  version integer NOT NULL,
  document jsonb NOT NULL,
  updated_at timestamptz NOT NULL
);
