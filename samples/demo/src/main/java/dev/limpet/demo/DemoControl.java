package dev.limpet.demo;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server side of the demo's node buttons: {@code POST /nodes/<route>/stop} and {@code POST /nodes/<route>/start}
 * with the form field {@value #TOKEN_FIELD}. It exists only in limpet-demo.jar, behind the demo's own loopback
 * listener ({@link DemoControlServer}); the cart webapp merely shows the forms ({@link NodePanel}) and can change
 * nothing. Checks, in this order, each refused with a 4xx and one line of text, never a 500:
 * <ol>
 * <li>the path names an action on one of {@link Demo#ROUTES}, else 404;</li>
 * <li>the method is POST, else 405 with {@code Allow: POST};</li>
 * <li>{@code Host} is this listener on {@code 127.0.0.1} or {@code localhost} (no DNS rebinding), else 403;</li>
 * <li>{@code Origin}, else the origin of {@code Referer}, if the browser sent one, is a page of this demo
 *     (the router or a node, on {@code 127.0.0.1} or {@code localhost}), else 403;</li>
 * <li>the form (at most {@value #MAX_FORM_BYTES} bytes, else 413) holds this run's random token, compared in
 *     constant time, else 403.</li>
 * </ol>
 * Then the node is stopped or started on the listener's thread (never a thread of the node being stopped) and the
 * answer is {@code 303 See Other} to the cart through the router, on the host name the user came from, so that the
 * user of a stopped node sees their cart served by another node. A node that fails to start is a 503.
 *
 * <p>Thread-safe: immutable; {@link Demo} serializes node changes.
 */
final class DemoControl {

    /** The form field holding the token. */
    static final String TOKEN_FIELD = "token";
    /** The largest form accepted, in bytes. */
    static final int MAX_FORM_BYTES = 1024;

    private static final System.Logger LOG = System.getLogger(DemoControl.class.getName());
    private static final Pattern ACTION_PATH = Pattern.compile("/nodes/([A-Za-z0-9_-]{1,64})/(stop|start)");
    private static final String[] LOOPBACK_HOSTS = {"127.0.0.1", "localhost"};

    private final Demo demo;
    private final byte[] token;

    /**
     * @param demo  the demo whose nodes the actions stop and start
     * @param token this run's token, see {@link #newToken()}
     */
    DemoControl(Demo demo, String token) {
        this.demo = demo;
        this.token = token.getBytes(StandardCharsets.US_ASCII);
    }

    /** @return a new random token: 32 bytes from {@link SecureRandom}, base64url without padding */
    static String newToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** @return this run's token, for the forms of {@link NodePanel} */
    String token() {
        return new String(token, StandardCharsets.US_ASCII);
    }

    /**
     * @param route a node's route
     * @param stop  {@code true} for the stop action, {@code false} for start
     * @return the action's path on the control listener
     */
    static String actionPath(String route, boolean stop) {
        return "/nodes/" + route + (stop ? "/stop" : "/start");
    }

    /**
     * @param request      what the browser sent
     * @param listenerPort the control listener's port
     * @return the answer, never a 5xx for anything the client sent
     */
    Answer handle(Request request, int listenerPort) {
        Matcher action = ACTION_PATH.matcher(request.path());
        if (!action.matches() || !Demo.ROUTES.contains(action.group(1))) {
            return Answer.text(404, "Nothing here: use the buttons on the cart page. The nodes are " + Demo.ROUTES
                    + ".");
        }
        if (!"POST".equals(request.method())) {
            return new Answer(405, null, "POST", "Use the buttons on the cart page (POST).");
        }
        if (!isLoopback(request.host(), listenerPort)) {
            return Answer.text(403, "Refused: unexpected Host.");
        }
        Optional<String> origin = browserOrigin(request);
        if (origin.isPresent() && originHost(origin.get()).isEmpty()) {
            return Answer.text(403, "Refused: the form was not sent from a page of this demo.");
        }
        if (request.form().length() > MAX_FORM_BYTES) {
            return Answer.text(413, "The form is too large.");
        }
        if (!hasToken(request.form())) {
            return Answer.text(403, "Refused: missing or wrong token; reload the cart page and try again.");
        }
        String userHost = origin.flatMap(this::originHost).orElse("127.0.0.1");
        return act(action.group(1), "stop".equals(action.group(2)), userHost);
    }

    private Answer act(String route, boolean stop, String userHost) {
        try {
            boolean changed = stop ? demo.stopNode(route) : demo.startNode(route);
            String message = stop ? DemoConsole.stopMessage(route, changed) : DemoConsole.startMessage(route, changed);
            LOG.log(System.Logger.Level.INFO, "from the cart page: {0}", message);
            return new Answer(303, demo.cartUrl(userHost), null, message);
        } catch (Demo.DemoException e) {
            LOG.log(System.Logger.Level.WARNING, "from the cart page: {0}", e.getMessage());
            return Answer.text(503, e.getMessage());
        }
    }

    private static Optional<String> browserOrigin(Request request) {
        if (request.origin() != null) {
            return Optional.of(request.origin());
        }
        if (request.referer() == null) {
            return Optional.empty();
        }
        try {
            URI referer = new URI(request.referer());
            return Optional.of(referer.getScheme() + "://" + referer.getHost()
                    + (referer.getPort() < 0 ? "" : ":" + referer.getPort()));
        } catch (URISyntaxException e) {
            return Optional.of("null");
        }
    }

    /** @return the host name of an origin that is a page of this demo, else empty */
    private Optional<String> originHost(String origin) {
        for (int port : demo.webPorts()) {
            for (String host : LOOPBACK_HOSTS) {
                if (origin.equalsIgnoreCase("http://" + host + ":" + port)) {
                    return Optional.of(host);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isLoopback(String host, int port) {
        if (host == null) {
            return false;
        }
        String lower = host.toLowerCase(Locale.ROOT);
        for (String loopback : LOOPBACK_HOSTS) {
            if (lower.equals(loopback + ":" + port)) {
                return true;
            }
        }
        return false;
    }

    private boolean hasToken(String form) {
        for (String field : form.split("&")) {
            int eq = field.indexOf('=');
            if (eq > 0 && TOKEN_FIELD.equals(field.substring(0, eq))) {
                try {
                    byte[] given = URLDecoder.decode(field.substring(eq + 1), StandardCharsets.UTF_8)
                            .getBytes(StandardCharsets.UTF_8);
                    return MessageDigest.isEqual(token, given);
                } catch (IllegalArgumentException e) {
                    return false;
                }
            }
        }
        return false;
    }

    /**
     * What the browser sent.
     *
     * @param method  the HTTP method
     * @param path    the request path, without the query
     * @param host    the {@code Host} header, or {@code null}
     * @param origin  the {@code Origin} header, or {@code null}
     * @param referer the {@code Referer} header, or {@code null}
     * @param form    the body ({@code application/x-www-form-urlencoded}), empty when there is none; a body
     *                longer than {@link #MAX_FORM_BYTES} may be cut at {@code MAX_FORM_BYTES + 1} characters
     */
    record Request(String method, String path, String host, String origin, String referer, String form) {
    }

    /**
     * The answer.
     *
     * @param status   the HTTP status
     * @param location the {@code Location} header, or {@code null}
     * @param allow    the {@code Allow} header, or {@code null}
     * @param message  one line of text for the body
     */
    record Answer(int status, String location, String allow, String message) {
        static Answer text(int status, String message) {
            return new Answer(status, null, null, message);
        }
    }
}
