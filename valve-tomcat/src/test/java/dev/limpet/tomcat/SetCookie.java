package dev.limpet.tomcat;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** One parsed {@code Set-Cookie} response header (RFC 6265 §5.2), for assertions. */
record SetCookie(String name, String value, Map<String, String> attributes) {

    static SetCookie parse(String header) {
        String[] parts = header.split(";");
        int eq = parts[0].indexOf('=');
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].trim();
            int at = part.indexOf('=');
            String key = (at < 0 ? part : part.substring(0, at)).toLowerCase(Locale.ROOT);
            attributes.put(key, at < 0 ? "" : part.substring(at + 1));
        }
        return new SetCookie(parts[0].substring(0, eq).trim(), parts[0].substring(eq + 1).trim(), attributes);
    }

    static List<SetCookie> all(HttpResponse<?> response) {
        return response.headers().allValues("set-cookie").stream().map(SetCookie::parse).toList();
    }

    static Optional<SetCookie> named(HttpResponse<?> response, String name) {
        List<SetCookie> matches = all(response).stream().filter(c -> c.name().equals(name)).toList();
        if (matches.size() > 1) {
            throw new AssertionError("more than one Set-Cookie for " + name + ": " + matches);
        }
        return matches.stream().findFirst();
    }

    /** @param name attribute name, lower case */
    String attribute(String name) {
        return attributes.get(name);
    }
}
