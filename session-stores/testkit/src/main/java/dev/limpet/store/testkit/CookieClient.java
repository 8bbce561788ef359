package dev.limpet.store.testkit;

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
 * A test user agent over the JDK's {@code HttpClient} with cookies handled by hand (one jar for all paths — the
 * tests use one host), so tests can drop, forge or replace any cookie. Every answer is checked not to be a 5xx
 * (the house rule: bad input never gets a 500). Never follows redirects. Timeouts: 5 s to connect, 20 s per
 * request. Not thread-safe: one per simulated user.
 */
public class CookieClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Map<String, String> cookies = new LinkedHashMap<>();

    /** GETs a URL with the jar's cookies, keeps the cookies the response sets, and checks it is not a 5xx. */
    public HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)));
    }

    /**
     * POSTs a form (application/x-www-form-urlencoded), like {@link #get}.
     *
     * @param headers more request headers, as name, value, name, value …
     */
    public HttpResponse<String> post(String url, String form, String... headers) throws IOException, InterruptedException {
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
            if (eq > 0) {
                cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return response;
    }

    /** @return the value of a cookie in the jar */
    public Optional<String> cookie(String name) {
        return Optional.ofNullable(cookies.get(name));
    }

    /** Puts or replaces a cookie, as a forging client would. @return this */
    public CookieClient withCookie(String name, String value) {
        cookies.put(name, value);
        return this;
    }

    /** Drops a cookie from the jar. @return this */
    public CookieClient withoutCookie(String name) {
        cookies.remove(name);
        return this;
    }
}
