package dev.limpet.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Applies the schema ({@code createSchema}, on by default) once, on the first connection the store gets — at open if the
 * database is up then, else before the first operation that reaches it — so that a database down at start never
 * stops the application. A failed attempt is retried by the next operation that gets a connection (never while
 * the database is unreachable: no connection, no attempt). Thread-safe: one thread applies, the others wait for it
 * and then proceed; after success it costs one volatile read.
 */
final class SchemaGate {

    private static final System.Logger LOG = System.getLogger(SchemaGate.class.getName());

    private final SqlDialect dialect;
    private volatile boolean done;

    /**
     * @param dialect      the dialect whose schema file is applied
     * @param createSchema whether to apply it at all ({@code false}: the gate is always open)
     */
    SchemaGate(SqlDialect dialect, boolean createSchema) {
        this.dialect = dialect;
        this.done = !createSchema;
    }

    /**
     * @param c a connection to use if the schema is not applied yet
     * @throws SQLException if applying it fails; the next call tries again
     */
    void ensure(Connection c) throws SQLException {
        if (done) {
            return;
        }
        synchronized (this) {
            if (done) {
                return;
            }
            SchemaInstaller.apply(c, dialect);
            done = true;
        }
        LOG.log(System.Logger.Level.INFO, "applied schema [{0}] for table [{1}]", dialect.schemaResource(),
                dialect.table());
    }

    /** @return whether the schema is applied (or not wanted) */
    boolean isDone() {
        return done;
    }
}
