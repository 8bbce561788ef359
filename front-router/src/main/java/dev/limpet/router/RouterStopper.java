package dev.limpet.router;

import dev.limpet.router.lifecycle.InFlightWork;
import dev.limpet.router.lifecycle.StopReport;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.Graceful;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's graceful stop. Jetty's {@link Graceful#shutdown} of the server stops every connector accepting
 * (a response then goes out with {@code Connection: close} and its connection closes; the listening socket is
 * closed, so new connections are refused rather than left in the backlog) and starts the
 * {@link InFlightWork} count-down; the stop waits until no request is in flight and no tunnel is open, at most the
 * grace period, then stops the server (which closes whatever is left) and reports what was cut. Connectors get the
 * grace period as their shutdown idle timeout, so a connection waiting for a slow backend is not closed early.
 * Thread-safe: the first call stops, later calls wait for it and return its report.
 */
final class RouterStopper {

    private static final Logger LOG = LoggerFactory.getLogger(RouterStopper.class);
    /** How much longer than the grace period Jetty keeps idle connections (tunnels) open while shutting down. */
    private static final long SHUTDOWN_IDLE_MARGIN_MILLIS = 1_000;

    private final Server server;
    private final InFlightWork work;
    private final RouterReloader reloader;
    private volatile StopReport report;

    RouterStopper(Server server, InFlightWork work, RouterReloader reloader) {
        this.server = server;
        this.work = work;
        this.reloader = reloader;
    }

    StopReport report() {
        return report;
    }

    synchronized StopReport stop(long graceMillis) {
        if (report != null) {
            return report;
        }
        reloader.stopHealthChecks();
        long start = System.nanoTime();
        if (graceMillis > 0 && server.isStarted()) {
            for (Connector connector : server.getConnectors()) {
                if (connector instanceof AbstractConnector c) {
                    // past the grace period: a quiet tunnel must still be open (and counted as cut) when it ends
                    c.setShutdownIdleTimeout(Math.max(graceMillis + SHUTDOWN_IDLE_MARGIN_MILLIS,
                            c.getShutdownIdleTimeout()));
                }
            }
            LOG.info("stopping: no new connections; waiting up to [{}] ms for [{}] requests and [{}] tunnels",
                    graceMillis, work.requests(), work.tunnels());
            Graceful.shutdown(server);
            closeListeningSockets();
            try {
                work.shutdown().get(graceMillis, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // the count below says what is left
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        StopReport r = new StopReport(work.requests(), work.tunnels(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        report = r;
        if (r.clean()) {
            LOG.info("stopped cleanly after [{}] ms", r.waitedMillis());
        } else {
            LOG.warn("grace period of [{}] ms over: closing [{}] requests and [{}] tunnels still in flight",
                    graceMillis, r.cutRequests(), r.cutTunnels());
        }
        server.setStopTimeout(0);
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("error while stopping the router", e);
        }
        return r;
    }

    /** New connections are refused at once instead of waiting, unaccepted, in the listen backlog. */
    private void closeListeningSockets() {
        for (Connector connector : server.getConnectors()) {
            if (connector instanceof NetworkConnector network) {
                try {
                    network.close();
                } catch (RuntimeException e) {
                    LOG.warn("cannot close listener [{}]", network, e);
                }
            }
        }
    }
}
