package dev.limpet.router.ws;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real WebSocket client (the JDK's {@link WebSocket}) that queues whole text messages and records its close. */
public final class WsClient implements WebSocket.Listener {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    /** The close status the other side sent, or -1 when the connection ended without one (error, EOF). */
    public final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private StringBuilder partial = new StringBuilder();
    private WebSocket ws;

    /**
     * @param uri     e.g. {@code ws://127.0.0.1:8080/ws}
     * @param headers name, value, name, value ... sent with the handshake (e.g. {@code Cookie})
     * @return the connected client
     * @throws Exception the handshake failure (a {@code WebSocketHandshakeException} for a non-101 answer)
     */
    public static WsClient connect(String uri, String... headers) throws Exception {
        return connect(HTTP, uri, headers);
    }

    /** Same as {@link #connect(String, String...)} with the given client (e.g. one trusting a test certificate). */
    public static WsClient connect(HttpClient http, String uri, String... headers) throws Exception {
        WsClient client = new WsClient();
        WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        client.ws = b.buildAsync(URI.create(uri), client).get(30, TimeUnit.SECONDS);
        return client;
    }

    public void send(String text) throws Exception {
        ws.sendText(text, true).get(30, TimeUnit.SECONDS);
    }

    /** @return the next whole message; fails after 30 s */
    public String next() throws Exception {
        String m = messages.poll(30, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("no message within 30 s");
        }
        return m;
    }

    /** @return the node's answer to {@code who} */
    public String who() throws Exception {
        send("who");
        return next();
    }

    public void close() throws Exception {
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(30, TimeUnit.SECONDS);
    }

    public void abort() {
        ws.abort();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            messages.add(partial.toString());
            partial = new StringBuilder();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(-1);
    }
}
