package dev.limpet.router;

import dev.limpet.core.keys.KeyPurpose;
import dev.limpet.core.keys.MasterSecrets;
import dev.limpet.core.token.AffinityTokenCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A small real backend node for the router's ITs: an embedded Jetty 12 core server on 127.0.0.1. It answers
 * every request with {@code 200}, {@code X-Node: <route>}, echoes what the router told it
 * ({@code X-Seen-Previous-Route}, {@code X-Seen-Forwarded-For}, ...) and the request body. With
 * {@code ?backendCookie=1} it sets a signed {@code X-Backend} cookie naming itself, signed with core's codec as a
 * Limpet valve would. {@code ?hold=1} keeps the request in flight until {@link #releaseHeld()}, {@code ?sleepMillis=N} for N ms. {@code /health}
 * answers 200 or 503 by {@link #setHealthy}. Can be stopped and started again on the same port.
 */
final class TestBackend implements AutoCloseable {

    private final String route;
    private final AffinityTokenCodec backendCookie;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile boolean healthy = true;
    private final CountDownLatch gate = new CountDownLatch(1);
    private Server server;
    private final String host;
    private int port;

    TestBackend(String route, MasterSecrets secrets) throws Exception {
        this(route, secrets, "127.0.0.1", 0);
    }

    /** A backend on a given loopback address and port (port 0: a free one), e.g. 127.0.0.2 for DNS discovery. */
    TestBackend(String route, MasterSecrets secrets, String host, int port) throws Exception {
        this.host = host;
        this.port = port;
        this.route = route;
        this.backendCookie = secrets == null ? null
                : new AffinityTokenCodec("X-Backend", secrets.keyRing(KeyPurpose.BACKEND_COOKIE));
        start();
    }

    synchronized void start() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                return serve(request, response, callback);
            }
        });
        server.start();
        port = connector.getLocalPort();
    }

    synchronized void stop() throws Exception {
        server.stop();
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    String route() {
        return route;
    }

    String url() {
        return "http://" + host + ":" + port;
    }

    int requests() {
        return requests.get();
    }

    /** Lets every request held by {@code ?hold=1} complete (they wait at most 20 s otherwise). */
    void releaseHeld() {
        gate.countDown();
    }

    void setHealthy(boolean healthy) {
        this.healthy = healthy;
    }

    private boolean serve(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getPath();
        if ("/health".equals(path)) {
            response.setStatus(healthy ? 200 : 503);
            response.write(true, null, callback);
            return true;
        }
        requests.incrementAndGet();
        if ("/events".equals(path)) {
            return events(request, response, callback);
        }
        String held = request.getHttpURI().getQuery();
        if (held != null && held.contains("hold=1")) {
            gate.await(20, TimeUnit.SECONDS);
        }
        if (held != null && held.matches(".*\\bsleepMillis=[0-9]+.*")) {
            // the scenario: a slow node, as long as the request asks
            Thread.sleep(Long.parseLong(held.replaceAll(".*\\bsleepMillis=([0-9]+).*", "$1")));
        }
        String body = Content.Source.asString(request, StandardCharsets.UTF_8);
        HttpFields.Mutable out = response.getHeaders();
        out.put("X-Node", route);
        out.put("X-Seen-Path", String.valueOf(request.getHttpURI().getPathQuery()));
        copy(request, "X-Limpet-Previous-Route", out, "X-Seen-Previous-Route");
        copy(request, "X-Forwarded-For", out, "X-Seen-Forwarded-For");
        copy(request, "X-Forwarded-Proto", out, "X-Seen-Forwarded-Proto");
        copy(request, "X-Forwarded-Host", out, "X-Seen-Forwarded-Host");
        copy(request, "Host", out, "X-Seen-Host");
        copy(request, "Cookie", out, "X-Seen-Cookie");
        String query = request.getHttpURI().getQuery();
        if (backendCookie != null && query != null && query.contains("backendCookie=1")) {
            long now = Instant.now().getEpochSecond();
            out.add(HttpHeader.SET_COOKIE, "X-Backend=" + backendCookie.sign(route, now, now + 1800)
                    + "; Path=/; HttpOnly");
        }
        learnable(request, out);
        if (query != null && query.contains("connectionHeader=1")) {
            out.add(HttpHeader.CONNECTION, "X-Hop-Secret");
            out.put("X-Hop-Secret", "must not reach the client");
        }
        if (query != null && query.contains("echoHeaders=1")) {
            StringBuilder all = new StringBuilder();
            for (org.eclipse.jetty.http.HttpField f : request.getHeaders()) {
                all.append(f.getName()).append(": ").append(f.getValue()).append('\n');
            }
            body = all + body;
        }
        response.setStatus(200);
        out.put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.write(true, ByteBuffer.wrap(("node=" + route + "\n" + body).getBytes(StandardCharsets.UTF_8)),
                callback);
        return true;
    }

    /**
     * Server-sent events (text/event-stream): {@code /events?n=N&gapMillis=G} sends N events {@code data: i},
     * each flushed at once, G ms apart, then ends the stream.
     */
    private boolean events(Request request, Response response, Callback callback) throws Exception {
        java.util.Map<String, String> q = new java.util.HashMap<>();
        for (String pair : String.valueOf(request.getHttpURI().getQuery()).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                q.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        int n = Integer.parseInt(q.getOrDefault("n", "3"));
        long gap = Long.parseLong(q.getOrDefault("gapMillis", "100"));
        response.setStatus(200);
        response.getHeaders().put("X-Node", route);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                Thread.sleep(gap); // the scenario: events spaced by the requested gap
            }
            org.eclipse.jetty.util.FutureCallback sent = new org.eclipse.jetty.util.FutureCallback();
            response.write(false, ByteBuffer.wrap(("id: " + i + "\ndata: event " + i + " from " + route + "\n\n")
                    .getBytes(StandardCharsets.UTF_8)), sent);
            sent.get(20, TimeUnit.SECONDS);
        }
        response.write(true, null, callback);
        return true;
    }

    /**
     * Session values a router learns from responses: {@code ?setCookie=NAME} sets {@code NAME} to a fresh
     * 24-character id exactly as ASP.NET sets {@code ASP.NET_SessionId} ({@code path=/; HttpOnly; SameSite=Lax});
     * {@code ?deleteCookie=NAME} expires it; {@code ?setHeader=NAME} answers a fresh id in header {@code NAME}.
     */
    private static void learnable(Request request, HttpFields.Mutable out) {
        String query = request.getHttpURI().getQuery();
        if (query == null) {
            return;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String name = eq < 0 ? "" : pair.substring(eq + 1);
            switch (key) {
                case "setCookie" -> out.add(HttpHeader.SET_COOKIE, name + "=" + freshId() + "; path=/; HttpOnly; SameSite=Lax");
                case "deleteCookie" -> out.add(HttpHeader.SET_COOKIE, name + "=; Max-Age=0; path=/");
                case "setHeader" -> out.put(name, freshId());
                default -> { }
            }
        }
    }

    private static String freshId() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz012345";
        StringBuilder id = new StringBuilder(24);
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 0; i < 24; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    private static void copy(Request request, String name, HttpFields.Mutable out, String as) {
        String value = request.getHeaders().get(name);
        if (value != null) {
            out.put(as, value);
        }
    }
}
