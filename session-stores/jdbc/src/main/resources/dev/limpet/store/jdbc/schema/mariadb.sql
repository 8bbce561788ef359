-- Limpet session store, MariaDB 10.6+ / MySQL 8.0+ (SKIP LOCKED), InnoDB. Applied with createSchema=true;
-- idempotent. ${table} and ${index} are replaced with the configured (validated) table name and <table>_expires_at.
-- id is VARBINARY: session ids are case-sensitive ASCII, and a binary column is compared with the driver's string
-- parameters without a charset conversion, so lookups by id use the primary key whatever the connection charset
-- (an ascii column compared with utf8mb4 parameters would be converted and scanned).
CREATE TABLE IF NOT EXISTS ${table} (
    id         VARBINARY(250) NOT NULL PRIMARY KEY,
    data       LONGBLOB NOT NULL,
    version    BIGINT   NOT NULL,
    expires_at BIGINT   NOT NULL,
    INDEX ${index} (expires_at)
) ENGINE = InnoDB;
