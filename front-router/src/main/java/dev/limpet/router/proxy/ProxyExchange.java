package dev.limpet.router.proxy;

import dev.limpet.router.node.Node;
import dev.limpet.router.routing.RoutingDecision;
import org.eclipse.jetty.util.BufferUtil;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One attempt to forward one request to one node (docs/architecture.md §3, Forward and Learn): sends the
 * proxy-to-server request with Jetty's {@code HttpClient}, streams the server-to-proxy response back with
 * back-pressure, and on failure either retries on another node or answers with a short plain error.
 *
 * <p>Retry rule: when no response has begun and no request body has been read, a request is retried (at most
 * {@code retries} times) if the connection could not be established (nothing was sent, any method; HAProxy
 * {@code option redispatch}; {@code retryOn: connect-failure}) or if it is idempotent (RFC 9110 §9.2.2;
 * {@code retryOn: idempotent}). A request whose body was (partly) read is never replayed. A connect failure also takes the node
 * out of rotation for {@code passiveDownMillis}.
 *
 * <p>Completes the proxy-to-client callback exactly once. Jetty serialises the listener events of one exchange.
 */
final class ProxyExchange extends Callback.Completable implements org.eclipse.jetty.client.Response.Listener {

    private final RouterHandler router;
    private final Request clientToProxyRequest;
    private final Response proxyToClientResponse;
    private final Callback proxyToClientCallback;
    private final JettyClientRequest view;
    private final RoutingDecision decision;
    private final int attempt;
    private final ProxyRequestBody body;
    private final ContentWrite contentWrite = new ContentWrite();
    private volatile boolean responseBegun;
    private final AtomicInteger lastWriteAndSuccess = new AtomicInteger(2);
    private long contentRemaining = -1;
    private boolean lastWritten;
    /** The client's {@code Upgrade} value when this is a forwardable upgrade request, else null. */
    private final String upgrade;
    private boolean switched;

    ProxyExchange(RouterHandler router, Request clientToProxyRequest, Response proxyToClientResponse,
                  Callback proxyToClientCallback, JettyClientRequest view, RoutingDecision decision, int attempt) {
        this.router = router;
        this.clientToProxyRequest = clientToProxyRequest;
        this.proxyToClientResponse = proxyToClientResponse;
        this.proxyToClientCallback = proxyToClientCallback;
        this.view = view;
        this.decision = decision;
        this.attempt = attempt;
        this.body = hasBody(clientToProxyRequest) ? new ProxyRequestBody(clientToProxyRequest) : null;
        this.upgrade = router.tunnels() == null ? null : UpgradeRequests.protocol(clientToProxyRequest);
    }

    private static boolean hasBody(Request request) {
        return request.getLength() > 0 || request.getLength() < 0 && request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    }

    /** Sends the proxy-to-server request. */
    void send() {
        Node node = decision.node();
        org.eclipse.jetty.client.Request proxyToServerRequest = router.httpClient().newRequest(node.baseUri())
                .method(clientToProxyRequest.getMethod())
                .path(clientToProxyRequest.getHttpURI().getPathQuery())
                .headers(to -> {
                    ProxyHeaders.copyRequestHeaders(clientToProxyRequest, to, decision.previousRoute(),
                            router.forwardedHeaders(), router.isTrustedPeer(clientToProxyRequest));
                    if (upgrade != null) {
                        UpgradeRequests.addRequestHeaders(to, upgrade);
                    }
                });
        if (body != null) {
            proxyToServerRequest.body(body);
        }
        node.exchangeStarted();
        router.destination(node).send(proxyToServerRequest, this);
    }

    @Override
    public void onBegin(org.eclipse.jetty.client.Response serverToProxyResponse) {
        responseBegun = true;
        proxyToClientResponse.setStatus(serverToProxyResponse.getStatus());
    }

    @Override
    public void onHeaders(org.eclipse.jetty.client.Response serverToProxyResponse) {
        contentRemaining = ProxyHeaders.copyResponseHeaders(serverToProxyResponse.getHeaders(),
                proxyToClientResponse.getHeaders(), decision.setCookie());
        if (upgrade != null) {
            switched = UpgradeRequests.addResponseHeaders(serverToProxyResponse.getStatus(),
                    serverToProxyResponse.getHeaders(), proxyToClientResponse.getHeaders());
        }
        router.decider().learn(decision, view, new JettyServerResponse(serverToProxyResponse.getHeaders(),
                proxyToClientResponse.getHeaders()));
        router.options().addRouteHeader(clientToProxyRequest, proxyToClientResponse.getHeaders());
    }

    @Override
    public void onContent(org.eclipse.jetty.client.Response serverToProxyResponse, Content.Chunk chunk,
                          Runnable demander) {
        if (!chunk.hasRemaining()) {
            demander.run();
            return;
        }
        chunk.retain();
        contentWrite.start(serverToProxyResponse, chunk, demander);
        if (contentRemaining >= 0) {
            contentRemaining -= chunk.remaining();
        }
        // The chunk that completes a known Content-Length is written as the last one: one write less.
        lastWritten = chunk.isLast() || contentRemaining == 0;
        contentWrite.last = lastWritten;
        proxyToClientResponse.write(lastWritten, chunk.getByteBuffer(), contentWrite);
    }

    @Override
    public void onSuccess(org.eclipse.jetty.client.Response serverToProxyResponse) {
        if (lastWritten) {
            arrive();
        } else {
            proxyToClientResponse.write(true, BufferUtil.EMPTY_BUFFER, this);
        }
    }

    @Override
    public void onComplete(Result result) {
        decision.node().exchangeEnded();
        if (result.isSucceeded()) {
            UpgradeTunnel tunnel = switched ? router.tunnels().open(decision.node(), clientToProxyRequest, result) : null;
            whenComplete((ignored, failure) -> {
                if (failure == null) {
                    proxyToClientCallback.succeeded();
                } else {
                    if (tunnel != null) {
                        tunnel.close();
                    }
                    proxyToClientCallback.failed(failure);
                }
            });
        } else {
            onFailure(result.getFailure());
        }
    }

    private void onFailure(Throwable failure) {
        Node node = decision.node();
        boolean connectFailure = router.failures().isConnectFailure(failure);
        if (connectFailure) {
            router.failures().connectFailed(node, failure);
        }
        if (!responseBegun && attempt < router.retries() && (body == null || !body.wasRead())
                && isRetryable(connectFailure)) {
            RoutingDecision retry = router.decider().decide(view, node);
            if (retry.node() != null) {
                if (clientToProxyRequest.getAttribute(RouteTrace.ATTRIBUTE) instanceof RouteTrace trace) {
                    trace.retried(retry);
                }
                new ProxyExchange(router, clientToProxyRequest, proxyToClientResponse, proxyToClientCallback, view,
                        retry, attempt + 1).send();
                return;
            }
            if (retry.refusal() != null) {
                RefusalResponses.write(clientToProxyRequest, proxyToClientResponse, proxyToClientCallback, retry,
                        router.options());
                return;
            }
        }
        if (proxyToClientResponse.isCommitted()) {
            proxyToClientCallback.failed(failure);
            return;
        }
        router.failures().requestFailed(node, failure);
        int status = connectFailure && !router.failures().isTlsHandshakeFailure(failure)
                ? HttpStatus.SERVICE_UNAVAILABLE_503
                : failure instanceof TimeoutException ? HttpStatus.GATEWAY_TIMEOUT_504 : HttpStatus.BAD_GATEWAY_502;
        PlainResponses.write(clientToProxyRequest, proxyToClientResponse, proxyToClientCallback, status,
                router.options());
    }

    /** The last write and the end of the backend response both happened: the response is complete. */
    private void arrive() {
        if (lastWriteAndSuccess.decrementAndGet() == 0) {
            succeeded();
        }
    }

    /** @return whether {@code retryOn} allows retrying this failure (the body rule is checked by the caller) */
    private boolean isRetryable(boolean connectFailure) {
        ExchangeOptions options = router.options();
        return connectFailure && options.retryOnConnectFailure()
                || options.retryOnIdempotent() && isIdempotent(clientToProxyRequest.getMethod());
    }

    /** RFC 9110 §9.2.2 idempotent methods. */
    static boolean isIdempotent(String method) {
        return HttpMethod.GET.is(method) || HttpMethod.HEAD.is(method) || HttpMethod.OPTIONS.is(method)
                || HttpMethod.TRACE.is(method) || HttpMethod.PUT.is(method) || HttpMethod.DELETE.is(method);
    }

    /** The write of one response chunk to the client; one outstanding at a time (demand waits for it). */
    private final class ContentWrite implements Callback {
        private org.eclipse.jetty.client.Response serverToProxyResponse;
        private Content.Chunk chunk;
        private Runnable demander;
        private boolean last;

        void start(org.eclipse.jetty.client.Response response, Content.Chunk chunk, Runnable demander) {
            this.serverToProxyResponse = response;
            this.chunk = chunk;
            this.demander = demander;
        }

        @Override
        public void succeeded() {
            Runnable next = demander;
            chunk.release();
            if (last) {
                arrive();
            }
            next.run();
        }

        @Override
        public void failed(Throwable failure) {
            chunk.release();
            serverToProxyResponse.abort(failure);
            if (last) {
                ProxyExchange.this.failed(failure);
            }
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }
    }
}
