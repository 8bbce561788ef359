package dev.limpet.jetty;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A response that runs a header hook once, just before it commits: at its first write, or when the request's
 * callback succeeds without any write (as Jetty's {@code GzipHandler} decides its headers). Not thread-safe beyond
 * Jetty's own guarantee that a response is written by one thread at a time.
 */
final class BackendCookieResponse extends Response.Wrapper {

    private final Consumer<Response> beforeCommit;
    private final AtomicBoolean done = new AtomicBoolean();

    BackendCookieResponse(Request request, Response wrapped, Consumer<Response> beforeCommit) {
        super(request, wrapped);
        this.beforeCommit = beforeCommit;
    }

    @Override
    public void write(boolean last, ByteBuffer byteBuffer, Callback callback) {
        beforeCommit();
        super.write(last, byteBuffer, callback);
    }

    /** @return the request's callback, running the hook first if nothing was written */
    Callback completing(Callback callback) {
        return new Callback.Nested(callback) {
            @Override
            public void succeeded() {
                beforeCommit();
                super.succeeded();
            }
        };
    }

    private void beforeCommit() {
        if (!isCommitted() && done.compareAndSet(false, true)) {
            beforeCommit.accept(this);
        }
    }
}
