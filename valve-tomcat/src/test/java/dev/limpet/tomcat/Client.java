package dev.limpet.tomcat;

import dev.limpet.store.testkit.CookieClient;
import java.net.http.HttpResponse;

/** The manager tests' user agent ({@link CookieClient}: fails on any 5xx) and what they read off test pages. */
final class Client extends CookieClient {

    @Override
    public Client withCookie(String name, String value) {
        super.withCookie(name, value);
        return this;
    }

    /** @return the {@code id=} line of a test servlet's body */
    static String sessionId(HttpResponse<String> response) {
        return line(response, "id=");
    }

    /** @return the {@code items=} line of the cart servlet's body */
    static String items(HttpResponse<String> response) {
        return line(response, "items=");
    }

    private static String line(HttpResponse<String> response, String prefix) {
        return response.body().lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + prefix + " in " + response.body()));
    }
}
