-- Billing: charges with PIX txids, and the payment provider events already processed.
-- Status changes are compare-and-set (UPDATE … WHERE status = ANY(…)), so a charge is paid once;
-- payment_events makes the payment webhook idempotent by the provider's event id.
CREATE TABLE charges (
  tenant_id text NOT NULL,
  charge_id text NOT NULL,
  customer_id text NOT NULL,
  description text NOT NULL,
  amount_cents bigint NOT NULL CHECK (amount_cents > 0),
  due_date date NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'paid', 'overdue', 'cancelled')),
  txid text NOT NULL,
  paid_at timestamptz,
  payment_reference text,
  history jsonb NOT NULL DEFAULT '[]'::jsonb,
  reminders_sent text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, charge_id),
  CONSTRAINT charges_txid_unique UNIQUE (tenant_id, txid)
);
CREATE INDEX charges_by_status ON charges (tenant_id, status, due_date);
CREATE INDEX charges_newest ON charges (tenant_id, created_at DESC, charge_id DESC);
CREATE INDEX charges_by_customer ON charges (tenant_id, customer_id, created_at DESC);

CREATE TABLE payment_events (
  tenant_id text NOT NULL,
  provider_event_id text NOT NULL,
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, provider_event_id)
);
