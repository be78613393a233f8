-- Episodes: closed stretches of a conversation folded into a summary (issue #6, design memory.md §2, §4).
CREATE TABLE episodes (
  tenant_id text NOT NULL,
  episode_id text NOT NULL,
  contact_id text NOT NULL,
  role text NOT NULL,
  started_at timestamptz NOT NULL,
  ended_at timestamptz NOT NULL,
  message_count integer NOT NULL,
  first_message_id text NOT NULL,
  last_message_id text NOT NULL,
  summary text NOT NULL,
  summary_kind text NOT NULL,
  needs_summary boolean NOT NULL,
  close_reason text NOT NULL,
  facts jsonb NOT NULL,
  extracted boolean NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, episode_id),
  -- Closing is idempotent: one episode per stretch boundary (design §4).
  CONSTRAINT episodes_boundary_unique UNIQUE (tenant_id, contact_id, last_message_id)
);

CREATE INDEX episodes_contact_recent ON episodes (tenant_id, contact_id, ended_at DESC, episode_id DESC);
CREATE INDEX episodes_recent ON episodes (tenant_id, ended_at DESC, episode_id DESC);
CREATE INDEX episodes_pending ON episodes (tenant_id) WHERE needs_summary OR NOT extracted;
