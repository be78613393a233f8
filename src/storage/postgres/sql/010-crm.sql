-- CRM (issue #5): one lead per customer, opt-outs, follow-ups and campaigns.
CREATE TABLE crm_leads (
  tenant_id text NOT NULL,
  lead_id text NOT NULL,
  customer_id text NOT NULL,
  source text NOT NULL,
  stage text NOT NULL,
  notes jsonb NOT NULL,
  stage_history jsonb NOT NULL,
  tags jsonb NOT NULL,
  last_contact_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, lead_id)
);

CREATE UNIQUE INDEX crm_leads_customer_unique ON crm_leads (tenant_id, customer_id);
CREATE INDEX crm_leads_created_order ON crm_leads (tenant_id, created_at DESC, lead_id DESC);

CREATE TABLE crm_opt_outs (
  tenant_id text NOT NULL,
  customer_id text NOT NULL,
  text text NOT NULL,
  at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, customer_id)
);

CREATE TABLE crm_follow_ups (
  tenant_id text NOT NULL,
  follow_up_id text NOT NULL,
  customer_id text NOT NULL,
  message text NOT NULL,
  due_at timestamptz NOT NULL,
  status text NOT NULL,
  reason text,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, follow_up_id)
);

-- The scheduler's scan: scheduled follow-ups by due time.
CREATE INDEX crm_follow_ups_due ON crm_follow_ups (tenant_id, due_at) WHERE status = 'scheduled';
CREATE INDEX crm_follow_ups_customer ON crm_follow_ups (tenant_id, customer_id);

CREATE TABLE crm_campaigns (
  tenant_id text NOT NULL,
  campaign_id text NOT NULL,
  name text NOT NULL,
  message text NOT NULL,
  audience jsonb NOT NULL,
  customer_ids jsonb NOT NULL,
  excluded_opted_out integer NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, campaign_id)
);
CREATE INDEX crm_campaigns_created_order ON crm_campaigns (tenant_id, created_at DESC, campaign_id DESC);
