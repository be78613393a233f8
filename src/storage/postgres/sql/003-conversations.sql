CREATE TABLE conversations (
  tenant_id text NOT NULL,
  contact_id text NOT NULL,
  instance text NOT NULL,
  reply_jid text NOT NULL,
  paused_until timestamptz,
  pause_reason text,
  unread_count integer NOT NULL,
  not_on_whatsapp boolean NOT NULL,
  auto_reply_sent_at timestamptz,
  last_message_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, contact_id)
);
CREATE INDEX conversations_recent ON conversations (tenant_id, last_message_at DESC, contact_id DESC);

CREATE TABLE conversation_messages (
  tenant_id text NOT NULL,
  message_id text NOT NULL,
  contact_id text NOT NULL,
  direction text NOT NULL,
  author text NOT NULL,
  wa_message_id text,
  kind text NOT NULL,
  text text,
  status text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, message_id)
);
CREATE INDEX conversation_messages_by_contact ON conversation_messages (tenant_id, contact_id, created_at, message_id);
CREATE INDEX conversation_messages_by_wa_id ON conversation_messages (tenant_id, wa_message_id) WHERE wa_message_id IS NOT NULL;

CREATE TABLE whatsapp_instances (
  tenant_id text NOT NULL,
  instance text NOT NULL,
  state jsonb NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, instance)
);
