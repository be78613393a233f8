-- Web panel sessions (issue #7): only the SHA-256 of the cookie value is kept.
CREATE TABLE panel_sessions (
  session_hash text PRIMARY KEY,
  principal jsonb NOT NULL,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);

CREATE INDEX panel_sessions_expiry ON panel_sessions (expires_at);
