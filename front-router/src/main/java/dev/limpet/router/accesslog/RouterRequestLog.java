package dev.limpet.router.accesslog;

import dev.limpet.router.metrics.RouterMetrics;
import dev.limpet.router.proxy.RouteTrace;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.NanoTime;

/**
 * Jetty's hook at the end of every request ({@link RequestLog}): counts it in the {@link RouterMetrics} and hands
 * an {@link AccessLogEntry} to the {@link AccessLogWriter}, reading the request's {@link RouteTrace} for the
 * favoured, required and actual node (Stingray's {@code %F}, {@code %N}, {@code %n}). Cheap and non-blocking: a
 * few counter increments and one queue offer. Thread-safe.
 */
public final class RouterRequestLog implements RequestLog {

    private final RouterMetrics metrics;
    private final AccessLogWriter writer;

    /**
     * @param metrics the metrics to count requests in, or {@code null}
     * @param writer  the access log, or {@code null}
     */
    public RouterRequestLog(RouterMetrics metrics, AccessLogWriter writer) {
        this.metrics = metrics;
        this.writer = writer;
    }

    @Override
    public void log(Request request, Response response) {
        RouteTrace trace = request.getAttribute(RouteTrace.ATTRIBUTE) instanceof RouteTrace t ? t : null;
        int status = response.getStatus();
        if (metrics != null) {
            metrics.record(trace, status);
            metrics.recordDuration(trace, NanoTime.since(request.getBeginNanoTime()));
        }
        if (writer != null) {
            writer.log(entry(request, response, trace, status));
        }
    }

    private static AccessLogEntry entry(Request request, Response response, RouteTrace trace, int status) {
        String moved = trace == null ? null : trace.moveReason();
        return new AccessLogEntry(Request.getTimeStamp(request), Request.getRemoteAddr(request),
                request.getMethod(), SessionIdRedaction.redact(request.getHttpURI().getPath()), status, Response.getContentBytesWritten(response),
                NanoTime.since(request.getBeginNanoTime()) / 1000,
                trace == null ? RouteTrace.NONE : trace.favoured(), trace == null ? RouteTrace.NONE : trace.required(),
                trace == null ? RouteTrace.NONE : trace.actual(), trace == null ? "none" : trace.method(),
                moved == null ? RouteTrace.NONE : moved, trace == null ? 0 : trace.retries());
    }
}
