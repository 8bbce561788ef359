package dev.limpet.router;

import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.AbstractMetaDataConnection;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A deadline for the request headers of a new HTTP/1.1 connection ({@code requestHeaderTimeoutMillis}; HAProxy
 * {@code timeout http-request}, Apache {@code mod_reqtimeout}): a connection whose first request's headers are not
 * complete that long after it opened (after the TLS handshake, when TLS is on) is closed, so that clients sending
 * their headers a byte at a time (slowloris) cannot hold connections open for long, however often they send a
 * byte. Later requests of a kept-alive connection are covered by {@code clientIdleTimeoutMillis}. Jetty 12 has no
 * such setting of its own; it counts a request once its headers are parsed ({@link Connection#getMessagesIn()}),
 * which is what this checks. Registered as a connector bean, so Jetty adds it to every connection. Thread-safe.
 */
final class RequestHeaderDeadline implements Connection.Listener {

    private final Scheduler scheduler;
    private final long timeoutMillis;

    /**
     * @param scheduler     the server's scheduler
     * @param timeoutMillis the deadline after the connection opened, in ms, > 0
     */
    RequestHeaderDeadline(Scheduler scheduler, long timeoutMillis) {
        this.scheduler = scheduler;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof AbstractMetaDataConnection) {
            scheduler.schedule(() -> expire(connection), timeoutMillis, TimeUnit.MILLISECONDS);
        }
    }

    private static void expire(Connection connection) {
        if (connection.getMessagesIn() == 0 && connection.getEndPoint().isOpen()
                && connection.getEndPoint().getConnection() == connection) {
            connection.getEndPoint().close();
        }
    }

    @Override
    public void onClosed(Connection connection) {
    }
}
