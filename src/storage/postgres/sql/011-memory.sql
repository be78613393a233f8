-- Long-term memory (issue #6, design memory.md §2). The runner has already created the
-- "vector" extension.
CREATE TABLE memories (
  tenant_id text NOT NULL,
  memory_id text NOT NULL,
  subject_kind text NOT NULL,
  subject_id text,
  audience text NOT NULL,
  kind text NOT NULL,
  text text NOT NULL,
  slot_key text,
  content_hash text NOT NULL,
  confidence real NOT NULL,
  importance real NOT NULL,
  status text NOT NULL,
  superseded_by text,
  source_kind text NOT NULL,
  source_refs jsonb NOT NULL,
  pii_flags jsonb NOT NULL,
  valid_from timestamptz NOT NULL,
  valid_to timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  last_confirmed_at timestamptz,
  last_recalled_at timestamptz,
  recall_count integer NOT NULL DEFAULT 0,
  text_version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (tenant_id, memory_id),
  CONSTRAINT memories_subject_check CHECK (
    (subject_kind = 'customer' AND subject_id IS NOT NULL) OR (subject_kind <> 'customer' AND subject_id IS NULL))
);

-- Exact dedupe among active memories (design §5 step 1); subject_id is null for owner/business.
CREATE UNIQUE INDEX memories_active_content_unique
  ON memories (tenant_id, subject_kind, coalesce(subject_id, ''), audience, content_hash) WHERE status = 'active';
-- A slot holds at most one current value (design §5 step 2).
CREATE UNIQUE INDEX memories_active_slot_unique
  ON memories (tenant_id, subject_kind, coalesce(subject_id, ''), slot_key) WHERE status = 'active' AND slot_key IS NOT NULL;
CREATE INDEX memories_subject ON memories (tenant_id, subject_kind, subject_id);
CREATE INDEX memories_created_order ON memories (tenant_id, created_at, memory_id);

-- One row per (owner, embedding space): old and new model vectors coexist during a re-embed.
-- `embedding` is an untyped vector so several widths live in one table; every row records its
-- space and dims. owner_kind is 'memory' for now ('episode' later).
CREATE TABLE memory_vectors (
  tenant_id text NOT NULL,
  owner_kind text NOT NULL,
  owner_id text NOT NULL,
  space_id text NOT NULL,
  embedding_dims integer NOT NULL,
  embedding vector NOT NULL,
  embedded_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, owner_kind, owner_id, space_id)
);

CREATE INDEX memory_vectors_space ON memory_vectors (tenant_id, space_id, owner_kind);

-- The tenant-wide pool will get one partial expression HNSW index per space, created by the
-- re-embed job when a space becomes active (CREATE INDEX CONCURRENTLY cannot run in a migration):
--   CREATE INDEX CONCURRENTLY memory_vectors_hnsw_<space> ON memory_vectors
--     USING hnsw ((embedding::vector(D)) vector_cosine_ops) WHERE space_id = '<space>';
-- Subject-scoped recall stays an exact scan (postgres-memory-store.ts).
