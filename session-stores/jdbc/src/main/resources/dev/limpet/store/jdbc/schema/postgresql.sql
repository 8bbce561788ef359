-- Limpet session store, PostgreSQL 9.5+ (ON CONFLICT, SKIP LOCKED). Applied with createSchema=true; idempotent.
-- ${table} and ${index} are replaced with the configured (validated) table name and <table>_expires_at.
CREATE TABLE IF NOT EXISTS ${table} (
    id         VARCHAR(250) NOT NULL PRIMARY KEY, -- namespaced key: limpet:<namespace>:<session id>
    data       BYTEA        NOT NULL,             -- sealed blob envelope
    version    BIGINT       NOT NULL,             -- 1 on insert, +1 on every write
    expires_at BIGINT       NOT NULL              -- epoch milliseconds
);
CREATE INDEX IF NOT EXISTS ${index} ON ${table} (expires_at);
