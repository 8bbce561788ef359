package dev.limpet.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A user agent with cookies handled by hand (one jar for all paths — the tests use one host), so tests can
 * drop, forge or replace any cookie. Never follows redirects. Not thread-safe.
 */
final class Browser {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Map<String, String> cookies = new LinkedHashMap<>();

    /** GETs a URL with the jar's cookies, keeps the cookies the response sets, and checks it is not a 5xx. */
    HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)));
    }

    /**
     * POSTs a form (application/x-www-form-urlencoded), like {@link #get}.
     *
     * @param headers more request headers, as name, value, name, value …
     */
    HttpResponse<String> post(String url, String form, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        if (!cookies.isEmpty()) {
            StringBuilder header = new StringBuilder();
            cookies.forEach((name, value) -> header.append(header.length() == 0 ? "" : "; ").append(name).append('=')
                    .append(value));
            request.header("Cookie", header.toString());
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() < 500, () -> "server error " + response.statusCode() + ": " + response.body());
        for (String header : response.headers().allValues("set-cookie")) {
            String pair = header.split(";", 2)[0];
            int eq = pair.indexOf('=');
            cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return response;
    }

    /** @return the value of a cookie in the jar */
    Optional<String> cookie(String name) {
        return Optional.ofNullable(cookies.get(name));
    }

    /** Puts or replaces a cookie, as a forging client would. */
    Browser withCookie(String name, String value) {
        cookies.put(name, value);
        return this;
    }

    /** Drops a cookie from the jar. */
    Browser withoutCookie(String name) {
        cookies.remove(name);
        return this;
    }

    /** @return the node named by the response's {@code X-Served-By} header */
    static String servedBy(HttpResponse<?> response) {
        return response.headers().firstValue("X-Served-By")
                .orElseThrow(() -> new AssertionError("no X-Served-By in " + response.headers().map()));
    }

    /** @return the value of the cookie a response sets, if it sets it */
    static Optional<String> setCookie(HttpResponse<?> response, String name) {
        return response.headers().allValues("set-cookie").stream().filter(h -> h.startsWith(name + "="))
                .map(h -> h.substring(name.length() + 1).split(";", 2)[0]).findFirst();
    }
}
