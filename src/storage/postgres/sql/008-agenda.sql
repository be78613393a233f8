-- Agenda: appointments (instants in UTC) and the periods nothing can be booked in.
CREATE TABLE appointments (
  tenant_id text NOT NULL,
  appointment_id text NOT NULL,
  customer_id text NOT NULL,
  service_name text NOT NULL,
  start_at timestamptz NOT NULL,
  end_at timestamptz NOT NULL,
  buffer_minutes integer NOT NULL,
  price_cents integer NOT NULL,
  status text NOT NULL,
  cancelled_reason text,
  reminders_sent text[] NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, appointment_id)
);
CREATE INDEX appointments_by_start ON appointments (tenant_id, start_at, appointment_id);
CREATE INDEX appointments_by_customer ON appointments (tenant_id, customer_id, start_at);

CREATE TABLE agenda_blocks (
  tenant_id text NOT NULL,
  block_id text NOT NULL,
  start_at timestamptz NOT NULL,
  end_at timestamptz NOT NULL,
  reason text NOT NULL,
  kind text NOT NULL,
  PRIMARY KEY (tenant_id, block_id)
);
CREATE INDEX agenda_blocks_by_start ON agenda_blocks (tenant_id, start_at);
