-- Limpet session store, H2 2.x (the embedded default). Applied with createSchema=true; idempotent.
-- ${table} and ${qualifiedIndex} are replaced with the configured (validated) table name and its index name.
CREATE TABLE IF NOT EXISTS ${table} (
    id         VARCHAR(250) NOT NULL PRIMARY KEY,
    data       VARBINARY    NOT NULL,
    version    BIGINT       NOT NULL,
    expires_at BIGINT       NOT NULL
);
CREATE INDEX IF NOT EXISTS ${qualifiedIndex} ON ${table} (expires_at);
