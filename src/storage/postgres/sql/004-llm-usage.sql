-- Daily LLM usage per tenant; `day` is the tenant's local date. Adds are one upsert each.
CREATE TABLE llm_usage (
  tenant_id text NOT NULL,
  day date NOT NULL,
  prompt_tokens bigint NOT NULL DEFAULT 0,
  completion_tokens bigint NOT NULL DEFAULT 0,
  embedding_tokens bigint NOT NULL DEFAULT 0,
  audio_seconds bigint NOT NULL DEFAULT 0,
  requests bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, day)
);
