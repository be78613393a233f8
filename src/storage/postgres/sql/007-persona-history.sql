-- Versions of each role's persona, for rollback; kept beside the config so a save is one write.
ALTER TABLE tenants ADD COLUMN persona_history jsonb NOT NULL DEFAULT '{}';
