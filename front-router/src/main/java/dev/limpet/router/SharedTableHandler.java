package dev.limpet.router;

import org.eclipse.jetty.server.Handler;

/**
 * Wraps the router's handler when the session table is shared through Redis: a local miss then reads through
 * Redis on the request thread (bounded by {@code sessionTable.redis.readTimeoutMillis}), so the handler may
 * block and must not run on a selector thread. Declaring {@link InvocationType#BLOCKING} makes Jetty hand every
 * request to a pool thread, which costs one thread hand-off per request, only in this configuration.
 * Thread-safe.
 */
final class SharedTableHandler extends Handler.Wrapper {

    /** @param routerHandler the router's non-blocking handler */
    SharedTableHandler(Handler routerHandler) {
        super(routerHandler);
    }

    @Override
    public InvocationType getInvocationType() {
        return InvocationType.BLOCKING;
    }
}
