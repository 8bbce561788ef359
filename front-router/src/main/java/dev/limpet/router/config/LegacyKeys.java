package dev.limpet.router.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Rewrites the keys of earlier releases to their present place before binding, so that every configuration that
 * was accepted still means the same: the flat {@code routerCookieName}, {@code routerCookieSecure}, … keys move into
 * the {@code routerCookie} section (with a warning), and an older or other name of a key takes its present name
 * (both set is a problem). Problems name the keys as written. Stateless.
 */
final class LegacyKeys {

    /** The flat keys' prefix: {@code routerCookieSameSite} is {@code routerCookie.sameSite}. */
    static final String ROUTER_COOKIE = "routerCookie";

    /** Older or other names: section, name, older name. */
    static final List<List<String>> OLDER_NAMES = List.of(
            List.of("routerCookie", "lifetimeSeconds", "maxIdleSeconds"),
            List.of("drain", "idleSeconds", "cookieIdleSeconds"),
            List.of("drain", "maxTrackedSessions", "maxTrackedCookies"));

    private LegacyKeys() {
    }

    /** @return full key paths of the older names to the keys they stand for */
    static Map<String, String> olderNames() {
        java.util.TreeMap<String, String> out = new java.util.TreeMap<>();
        OLDER_NAMES.forEach(n -> out.put(n.get(0) + "." + n.get(2), n.get(0) + "." + n.get(1)));
        return out;
    }

    static void rewrite(ObjectNode root, ConfigProblems problems) {
        List<String> flat = new ArrayList<>();
        root.fieldNames().forEachRemaining(name -> {
            if (name.startsWith(ROUTER_COOKIE) && name.length() > ROUTER_COOKIE.length()) {
                flat.add(name);
            }
        });
        JsonNode section = root.get(ROUTER_COOKIE);
        if (!flat.isEmpty() && (section == null || section.isNull() || section.isObject())) {
            ObjectNode target = section instanceof ObjectNode o ? o : root.putObject(ROUTER_COOKIE);
            for (String key : flat) {
                String rest = key.substring(ROUTER_COOKIE.length());
                String sub = Character.toLowerCase(rest.charAt(0)) + rest.substring(1);
                if (target.has(sub)) {
                    problems.add(key, "set either " + key + " or " + ROUTER_COOKIE + "." + sub + ", not both");
                } else {
                    target.set(sub, root.get(key));
                    problems.writtenAs(ROUTER_COOKIE + "." + sub, key);
                }
                root.remove(key);
            }
            problems.warn("the flat keys " + flat + " are deprecated: write them as the keys of a routerCookie"
                    + " section, e.g. routerCookie: {name: LIMPET, secure: true} (docs/router.md)");
        }
        for (List<String> n : OLDER_NAMES) {
            JsonNode s = root.get(n.get(0));
            if (s instanceof ObjectNode o && o.has(n.get(2))) {
                String present = n.get(0) + "." + n.get(1);
                String older = n.get(0) + "." + n.get(2);
                if (o.has(n.get(1))) {
                    problems.add(present, "set either " + n.get(1) + " or its other name " + n.get(2) + ", not both");
                } else {
                    o.set(n.get(1), o.get(n.get(2)));
                    problems.writtenAs(present, older);
                }
                o.remove(n.get(2));
            }
        }
    }
}
