-- LGPD erasure tombstones (design memory.md §7): one row per erased subject, kept after its data
-- is deleted. Memory and episode writers check it in the transaction that writes (under the
-- subject's advisory lock), so content from before the erasure is never stored again. Only the
-- time is kept, never what was erased.
CREATE TABLE memory_erasures (
  tenant_id text NOT NULL,
  subject_kind text NOT NULL,
  subject_id text NOT NULL,
  erased_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, subject_kind, subject_id)
);

CREATE INDEX memory_erasures_recent ON memory_erasures (tenant_id, erased_at DESC, subject_id DESC);

-- Which text (and text_version) each vector embeds: the re-embed job treats a vector whose hash no
-- longer matches its memory as missing (design §6 "stale rows are found ... by source_hash").
-- Null for vectors written before this column: taken as current (no path edits text in place).
ALTER TABLE memory_vectors ADD COLUMN source_hash text;
