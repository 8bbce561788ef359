package dev.limpet.router;

import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.NanoTime;

/**
 * A minimum average data rate for request bodies ({@code minRequestBodyBytesPerSecond}; Jetty 9's
 * {@code HttpConfiguration.minRequestDataRate}, Apache {@code mod_reqtimeout}'s {@code MinRate}): each time the
 * body is read further, the bytes read so far over the time since the first read are checked, after a grace second;
 * below the minimum the next read fails with a {@link TimeoutException}, so the exchange fails and frees its node
 * connection instead of letting a dribbling upload hold it. A body that stops entirely is ended by
 * {@code clientIdleTimeoutMillis}. (Jetty 12.1's own {@code MinimumDataRateHandler} measures the bytes of all
 * requests of the handler together, so concurrent uploads would hide a slow one; this counts per request.)
 * Thread-safe; each wrapper is used by one request.
 */
final class MinimumBodyRateHandler extends Handler.Wrapper {

    /** Bodies are judged only after this long, in ns: the first bytes may lag behind the headers. */
    private static final long GRACE_NANOS = 1_000_000_000L;

    private final long minBytesPerSecond;

    /**
     * @param handler           the router's handler
     * @param minBytesPerSecond the minimum average rate, bytes/s, > 0
     */
    MinimumBodyRateHandler(Handler handler, long minBytesPerSecond) {
        super(handler);
        this.minBytesPerSecond = minBytesPerSecond;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (request.getLength() == 0) {
            return super.handle(request, response, callback);
        }
        return super.handle(new RateRequest(request), response, callback);
    }

    private final class RateRequest extends Request.Wrapper {
        private long firstDemandNanos;
        private long bytesRead;
        private Content.Chunk failure;

        RateRequest(Request request) {
            super(request);
        }

        @Override
        public Content.Chunk read() {
            if (failure != null) {
                return failure;
            }
            Content.Chunk chunk = super.read();
            if (chunk != null) {
                bytesRead += chunk.remaining();
            }
            return chunk;
        }

        @Override
        public void demand(Runnable demandCallback) {
            long now = NanoTime.now();
            if (firstDemandNanos == 0) {
                firstDemandNanos = now == 0 ? 1 : now;
            } else {
                long elapsed = NanoTime.elapsed(firstDemandNanos, now);
                if (elapsed >= GRACE_NANOS && bytesRead * 1_000_000_000.0 / elapsed < minBytesPerSecond) {
                    failure = Content.Chunk.from(new TimeoutException("request body slower than "
                            + minBytesPerSecond + " bytes/s"));
                    demandCallback.run();
                    return;
                }
            }
            super.demand(demandCallback);
        }
    }
}
