-- The audit log: append-only, newest-first reads per tenant.
CREATE TABLE events (
  tenant_id text NOT NULL,
  event_id text NOT NULL,
  type text NOT NULL,
  contact_id text,
  data jsonb NOT NULL,
  occurred_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, event_id)
);
CREATE INDEX events_newest ON events (tenant_id, occurred_at DESC, event_id DESC);
CREATE INDEX events_by_contact ON events (tenant_id, contact_id, occurred_at DESC);

-- The durable task queue. seq orders tasks within a queue key; claims use FOR UPDATE SKIP LOCKED.
CREATE TABLE tasks (
  tenant_id text NOT NULL,
  task_id text NOT NULL,
  seq bigserial NOT NULL,
  kind text NOT NULL,
  queue_key text NOT NULL,
  coalesce boolean NOT NULL,
  payload jsonb NOT NULL,
  status text NOT NULL,
  attempts integer NOT NULL,
  max_attempts integer NOT NULL,
  run_at timestamptz NOT NULL,
  lease_owner text,
  lease_expires_at timestamptz,
  last_error text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  finished_at timestamptz,
  PRIMARY KEY (tenant_id, task_id)
);
CREATE INDEX tasks_open_by_key ON tasks (tenant_id, queue_key, seq) WHERE status IN ('pending', 'running');
CREATE INDEX tasks_due ON tasks (run_at) WHERE status IN ('pending', 'running');
CREATE INDEX tasks_by_status ON tasks (tenant_id, status, seq);
