-- Sensitive owner tool calls waiting for "sim" / "não". Status changes are compare-and-set
-- (UPDATE … WHERE status = ANY(…)), so a confirmation runs at most once.
CREATE TABLE confirmations (
  tenant_id text NOT NULL,
  confirmation_id text NOT NULL,
  contact_id text NOT NULL,
  tool text NOT NULL,
  arguments jsonb NOT NULL,
  summary text NOT NULL,
  status text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  decided_at timestamptz,
  decided_by text,
  result text,
  error text,
  PRIMARY KEY (tenant_id, confirmation_id)
);
CREATE INDEX confirmations_newest ON confirmations (tenant_id, created_at DESC, confirmation_id DESC);
CREATE INDEX confirmations_pending_by_contact ON confirmations (tenant_id, contact_id, created_at DESC) WHERE status = 'pending';
CREATE INDEX confirmations_by_decision ON confirmations (tenant_id, decided_by) WHERE decided_by IS NOT NULL;
CREATE INDEX confirmations_overdue ON confirmations (expires_at) WHERE status = 'pending';
