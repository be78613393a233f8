-- Tenants: config keeps secrets encrypted (enc:v1:…); owner access keys only as hashes.
CREATE TABLE tenants (
  tenant_id text PRIMARY KEY,
  display_name text NOT NULL,
  config jsonb NOT NULL,
  webhook_token_encrypted text NOT NULL,
  owner_access_key_hash text NOT NULL,
  config_version integer NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE customers (
  tenant_id text NOT NULL,
  customer_id text NOT NULL,
  display_name text,
  phone text,
  whatsapp_lid text,
  email text,
  origin text NOT NULL,
  status text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, customer_id)
);

-- One person is one customer: a phone (canonical, 9th digit added) and a LID each map to one row.
CREATE UNIQUE INDEX customers_phone_unique ON customers (tenant_id, phone) WHERE phone IS NOT NULL;
CREATE UNIQUE INDEX customers_whatsapp_lid_unique ON customers (tenant_id, whatsapp_lid) WHERE whatsapp_lid IS NOT NULL;
CREATE INDEX customers_created_order ON customers (tenant_id, created_at, customer_id);
