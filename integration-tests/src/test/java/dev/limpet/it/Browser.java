package dev.limpet.it;

import java.net.http.HttpResponse;
import dev.limpet.store.testkit.CookieClient;
import java.util.Optional;

/** The integration tests' user agent ({@link CookieClient}) and what they read off responses. Not thread-safe. */
final class Browser extends CookieClient {

    @Override
    public Browser withCookie(String name, String value) {
        super.withCookie(name, value);
        return this;
    }

    @Override
    public Browser withoutCookie(String name) {
        super.withoutCookie(name);
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
