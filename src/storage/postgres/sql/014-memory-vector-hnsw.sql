-- One partial expression HNSW index per embedding space on memory_vectors (issue #6, design
-- memory.md §2-§3): the tenant-wide pool (an owner's turn, a customer's business/public memories)
-- is searched through it; one customer's own memories stay an exact scan.
--
-- From now on the memory store creates a space's index when the space gets its first vector
-- (src/memory/vector-hnsw-index.ts, same name and expression). This migration builds it for the
-- spaces that already have vectors, so no live write ever waits for a big build. It runs at boot,
-- before fabio serves, so a plain CREATE INDEX (it may not be CONCURRENTLY in a transaction) is
-- fine. Only spaces whose id names their width and whose rows all have that width get one: the
-- cast in the expression must succeed on every row of the space.

-- Vectors up to ~2,000 dims (8 KB) stay in the row instead of TOAST (pgvector's default storage
-- is EXTERNAL): an exact scan then reads one page per row instead of a TOAST index lookup and its
-- chunks, ~1.8x faster at 10k × 1536. Catalog only; rows written from now on.
ALTER TABLE memory_vectors ALTER COLUMN embedding SET STORAGE MAIN;

DO $$
DECLARE
  space_ids text[];
  widths integer[];
  has_halfvec boolean := to_regtype('halfvec') IS NOT NULL;
  index_name text;
BEGIN
  -- Collected first: CREATE INDEX may not run while a loop's cursor still reads the table.
  SELECT coalesce(array_agg(space_id), '{}'), coalesce(array_agg(dims), '{}') INTO space_ids, widths
  FROM (
    SELECT space_id, min(embedding_dims) AS dims
    FROM memory_vectors
    GROUP BY space_id
    HAVING count(DISTINCT embedding_dims) = 1
       AND substring(space_id FROM ':([0-9]+)$') = min(embedding_dims)::text
  ) spaces;
  FOR i IN 1 .. coalesce(array_length(space_ids, 1), 0) LOOP
    index_name := 'memory_vectors_hnsw_' || left(md5(space_ids[i]), 16);
    IF widths[i] <= 2000 THEN
      EXECUTE format(
        'CREATE INDEX IF NOT EXISTS %I ON memory_vectors USING hnsw ((embedding::vector(%s)) vector_cosine_ops) '
          || 'WITH (m = 16, ef_construction = 64) WHERE space_id = %L',
        index_name, widths[i], space_ids[i]);
    ELSIF widths[i] <= 4000 AND has_halfvec THEN
      -- HNSW indexes at most 2,000 vector dims; halfvec up to 4,000 (pgvector README).
      EXECUTE format(
        'CREATE INDEX IF NOT EXISTS %I ON memory_vectors USING hnsw ((embedding::halfvec(%s)) halfvec_cosine_ops) '
          || 'WITH (m = 16, ef_construction = 64) WHERE space_id = %L',
        index_name, widths[i], space_ids[i]);
    END IF;
  END LOOP;
END
$$;
