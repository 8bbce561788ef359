package dev.limpet.router.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.limpet.router.config.BackendConfig;
import dev.limpet.router.config.ConfigException;
import dev.limpet.router.metrics.BuildInfo;
import dev.limpet.router.metrics.RouterMetrics;
import dev.limpet.router.node.AdminState;
import dev.limpet.router.node.Node;
import dev.limpet.router.node.NodeRegistry;
import dev.limpet.router.node.NodeSessions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API and status page (docs/architecture.md §3, Operations), served on the admin listener only:
 * <ul>
 *   <li>{@code GET /}: the operator console ({@link StatusPage}), {@code GET /console.js} its script,
 *       {@code GET /router} the router's version, open tunnels and requests in flight;</li>
 *   <li>{@code GET /nodes}, {@code GET /nodes/{route}}: JSON, per node route, url, state, weight, backup,
 *       health, in-flight exchanges and sessions held;</li>
 *   <li>{@code PUT|POST /nodes/{route}/state} with body {@code draining} or {@code {"state":"draining"}}
 *       ({@code active}, {@code draining}, {@code disabled}): HAProxy's {@code set server state};</li>
 *   <li>{@code PUT|POST /nodes/{route}/weight} with body {@code 5} or {@code {"weight":5}} (0..256);</li>
 *   <li>{@code GET /metrics}: Prometheus text format.</li>
 * </ul>
 * Mutations need {@code Authorization: Bearer <admin token>} (401 without it, 403 with a wrong one or when no
 * token is configured); reads need it only with {@code admin.authenticateReads} (always on a non-loopback
 * listener). Bad requests get a 4xx with a JSON {@code {"error": ...}}, never a 500. Changes are logged with
 * the caller's address, never the token. Runs on its own small thread pool, so blocking reads of the (at most
 * {@value #MAX_BODY} byte) body are fine. Thread-safe.
 */
final class AdminHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);
    static final int MAX_BODY = 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final NodeRegistry nodes;
    private final NodeSessions sessions;
    private final RouterMetrics metrics;
    private volatile BearerAuth auth;
    private final boolean authenticateReads;
    private final HostCheck hostCheck;
    private final AdminActions actions;

    AdminHandler(NodeRegistry nodes, NodeSessions sessions, RouterMetrics metrics, BearerAuth auth,
                 boolean authenticateReads, HostCheck hostCheck, AdminActions actions) {
        this.nodes = nodes;
        this.sessions = sessions;
        this.metrics = metrics;
        this.auth = auth;
        this.authenticateReads = authenticateReads;
        this.hostCheck = hostCheck;
        this.actions = actions;
    }

    /** @param auth the new token check (a reload rotated the admin token) */
    void setAuth(BearerAuth auth) {
        this.auth = auth;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        try {
            route(request, response, callback);
        } catch (AdminException e) {
            error(request, response, callback, e.status(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.warn("admin request [{} {}] failed", request.getMethod(), request.getHttpURI().getPath(), e);
            error(request, response, callback, 400, "bad request");
        }
        return true;
    }

    private void route(Request request, Response response, Callback callback) throws IOException {
        String path = request.getHttpURI().getPath();
        String[] parts = path == null ? new String[0] : path.substring(1).split("/", -1);
        if (path == null || parts.length > 3 || !parts[0].equals("nodes") && parts.length > 1) {
            throw new AdminException(404, "no such resource; see GET /");
        }
        String allowed = switch (parts[0]) {
            case "reload" -> "POST";
            case "nodes" -> parts.length == 1 ? "GET, HEAD, POST" : parts.length == 2 ? "GET, HEAD, DELETE" : "PUT, POST";
            default -> "GET, HEAD";
        };
        String method = request.getMethod();
        if (!List.of(allowed.split(", ")).contains(method)) {
            response.getHeaders().put(HttpHeader.ALLOW, allowed);
            throw new AdminException(405, "method " + method + " not allowed here");
        }
        boolean mutation = !HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method);
        authorize(request, response, mutation || authenticateReads);
        if (!mutation && !authenticateReads && !hostCheck.allowed(request.getHeaders().get(HttpHeader.HOST))) {
            throw new AdminException(403, "Host must name this listener (localhost or a loopback address)");
        }
        switch (parts[0]) {
            case "" -> {
                response.getHeaders().put("Content-Security-Policy", StatusPage.CONTENT_SECURITY_POLICY);
                response.getHeaders().put("Referrer-Policy", "no-referrer");
                send(response, callback, 200, "text/html; charset=utf-8", StatusPage.PAGE);
            }
            case "console.js" -> send(response, callback, 200, "text/javascript; charset=utf-8", StatusPage.SCRIPT);
            case "router" -> sendJson(response, callback, 200, Map.of("version", BuildInfo.version(),
                    "openTunnels", actions.openTunnels(), "inFlightRequests", actions.inFlightRequests()));
            case "metrics" -> sendMetrics(response, callback);
            case "reload" -> reload(request, response, callback);
            case "nodes" -> {
                if (parts.length == 1 && mutation) {
                    addNode(request, response, callback);
                } else if (parts.length == 1) {
                    sendJson(response, callback, 200, nodes.nodes().stream().map(this::describe).toList());
                } else if (parts.length == 2 && mutation) {
                    removeNode(request, response, callback, node(parts[1]));
                } else if (parts.length == 2) {
                    sendJson(response, callback, 200, describe(node(parts[1])));
                } else {
                    change(request, response, callback, node(parts[1]), parts[2]);
                }
            }
            default -> throw new AdminException(404, "no such resource; see GET /");
        }
    }

    private void addNode(Request request, Response response, Callback callback) throws IOException {
        BackendConfig backend = NodeDefinition.parse(body(request));
        Node node;
        try {
            node = actions.addNode(backend);
        } catch (IllegalArgumentException e) {
            throw new AdminException(409, e.getMessage());
        }
        LOG.info("node [{}] added by admin API from [{}]", node, Request.getRemoteAddr(request));
        sendJson(response, callback, 201, describe(node));
    }

    private void removeNode(Request request, Response response, Callback callback, Node node) throws IOException {
        actions.removeNode(node.route());
        LOG.info("node [{}] removed by admin API from [{}]; its users move as if it were down", node,
                Request.getRemoteAddr(request));
        sendJson(response, callback, 200, Map.of("removed", node.route()));
    }

    private void authorize(Request request, Response response, boolean required) {
        if (!required) {
            return;
        }
        switch (auth.check(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
            case OK -> { }
            case MISSING -> {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"limpet-admin\"");
                throw new AdminException(401, "Authorization: Bearer <admin token> is required");
            }
            case WRONG -> throw new AdminException(403, "wrong admin token");
            case NOT_CONFIGURED -> throw new AdminException(403,
                    "no admin token is configured (admin.tokenFile or admin.tokenEnv): the admin API is read-only");
        }
    }

    private Node node(String route) {
        Node node = nodes.find(route);
        if (node == null) {
            throw new AdminException(404, "no node with route [" + StatusPage.escape(clip(route)) + "]");
        }
        return node;
    }

    private void change(Request request, Response response, Callback callback, Node node, String what)
            throws IOException {
        String value = body(request, what);
        String caller = Request.getRemoteAddr(request);
        switch (what) {
            case "state" -> {
                AdminState state = AdminState.fromConfigName(value);
                if (state == null) {
                    throw new AdminException(400, "state must be active, draining or disabled");
                }
                AdminState previous = node.setAdminState(state);
                LOG.info("node [{}] state [{}] -> [{}] by admin API from [{}]", node.route(),
                        previous.configName(), state.configName(), caller);
            }
            case "weight" -> {
                int weight = parseWeight(value);
                int previous = node.weight();
                node.setWeight(weight);
                LOG.info("node [{}] weight [{}] -> [{}] by admin API from [{}]", node.route(), previous, weight,
                        caller);
            }
            default -> throw new AdminException(404, "a node has /state and /weight");
        }
        actions.nodesChanged();
        sendJson(response, callback, 200, describe(node));
    }

    private void reload(Request request, Response response, Callback callback) throws IOException {
        String caller = Request.getRemoteAddr(request);
        Map<String, Object> body = new LinkedHashMap<>();
        try {
            String summary = actions.reload();
            LOG.info("configuration reloaded by admin API from [{}]", caller);
            body.put("reloaded", true);
            body.put("summary", summary);
            sendJson(response, callback, 200, body);
        } catch (ConfigException e) {
            LOG.warn("reload by admin API from [{}] refused; the running configuration stays:\n  - {}", caller,
                    String.join("\n  - ", e.problems()));
            body.put("status", 422);
            body.put("error", "configuration refused; the running configuration stays");
            body.put("problems", e.problems());
            sendJson(response, callback, 422, body);
        }
    }

    private static int parseWeight(String value) {
        if (!value.matches("[0-9]{1,3}") || Integer.parseInt(value) > Node.MAX_WEIGHT) {
            throw new AdminException(400, "weight must be a whole number from 0 to " + Node.MAX_WEIGHT);
        }
        return Integer.parseInt(value);
    }

    /** @return the body, stripped; at most {@value #MAX_BODY} bytes with a {@code Content-Length} */
    private static String body(Request request) throws IOException {
        long length = request.getLength();
        if (length < 0) {
            throw new AdminException(411, "send the body with a Content-Length");
        }
        if (length > MAX_BODY) {
            throw new AdminException(413, "the body must be at most " + MAX_BODY + " bytes");
        }
        return Content.Source.asString(request, StandardCharsets.UTF_8).strip();
    }

    /** @return the plain body, or the {@code field} of a JSON object body, stripped */
    private static String body(Request request, String field) throws IOException {
        String text = body(request);
        if (!text.startsWith("{")) {
            return text;
        }
        try {
            JsonNode value = JSON.readTree(text).get(field);
            if (value == null || !value.isValueNode()) {
                throw new AdminException(400, "the JSON body needs a \"" + field + "\" value");
            }
            return value.asText();
        } catch (JsonProcessingException e) {
            throw new AdminException(400, "the body is not valid JSON");
        }
    }

    private Map<String, Object> describe(Node node) {
        long now = System.nanoTime();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("route", node.route());
        m.put("url", node.baseUri().toString());
        m.put("state", node.adminState().configName());
        m.put("weight", node.weight());
        m.put("backup", node.isBackup());
        m.put("healthy", node.isHealthy(now));
        m.put("health", node.state(now).name().toLowerCase(Locale.ROOT).replace('_', '-'));
        m.put("acceptsNewSessions", node.acceptsNewSessions(now));
        m.put("activeConnections", node.inFlight());
        m.put("openTunnels", node.openTunnels());
        long held = sessions.held(node.route());
        m.put("sessions", held);
        m.put("safeToStop", node.adminState() != AdminState.ACTIVE && held == 0 && node.inFlight() == 0);
        m.put("requests", metrics.traffic().requests(node));
        m.put("requestSeconds", metrics.traffic().seconds(node));
        return m;
    }

    private void sendMetrics(Response response, Callback callback) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        metrics.write(out);
        send(response, callback, 200, metrics.contentType(), out.toByteArray());
    }

    private static void sendJson(Response response, Callback callback, int status, Object body) throws IOException {
        send(response, callback, status, "application/json", JSON.writeValueAsBytes(body));
    }

    /** Answers an error; a request body that may be unread closes the connection so it is never parsed as a request. */
    private static void error(Request request, Response response, Callback callback, int status, String message) {
        if (request.getLength() != 0) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", message);
        try {
            sendJson(response, callback, status, body);
        } catch (IOException e) {
            callback.failed(e);
        }
    }

    private static void send(Response response, Callback callback, int status, String type, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static String clip(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }

    /** A request the API answers with a 4xx and a message. */
    static final class AdminException extends RuntimeException {
        private final int status;

        AdminException(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        int status() {
            return status;
        }
    }
}
