package dev.limpet.router.persistence;

import dev.limpet.router.table.SessionTable;
import java.util.Locale;

/**
 * Persistence method {@code learn-cookie}: learns an application's session cookie from the backend's
 * {@code Set-Cookie} (never from requests) and routes later requests that carry it (nginx {@code sticky learn},
 * HAProxy {@code stick store-response res.cook(...)} + {@code stick on req.cook(...)}, httpd's
 * {@code stickysession} without a route). Made for session ids that carry no route: {@code JSESSIONID} without
 * {@code jvmRoute}, {@code ASP.NET_SessionId}, ASP.NET Core's {@code .AspNetCore.Session}, classic ASP's
 * {@code ASPSESSIONIDxxxxxxxx} (matched by name prefix), {@code PHPSESSID} or any named cookie.
 *
 * <p>The table key is the cookie's name and value; values longer than the table's {@code maxKeyLength} are
 * ignored, long ones hashed ({@link SessionTable#key}). A {@code Set-Cookie} with an empty value or
 * {@code Max-Age} of zero or less forgets the key the request carried. Immutable and thread-safe.
 */
public final class LearnCookieMethod extends TableMethod {

    private final String cookieName;
    private final boolean prefix;
    private final String namespace;

    /**
     * @param name       the method's configuration name ({@code learn-cookie}, or the preset's)
     * @param table      the session table
     * @param cookieName the cookie name, or the name prefix when {@code prefix}
     * @param prefix     whether any cookie whose name starts with {@code cookieName} matches
     */
    public LearnCookieMethod(String name, SessionTable table, String cookieName, boolean prefix) {
        super(name, table);
        this.cookieName = cookieName;
        this.prefix = prefix;
        this.namespace = prefix ? "cookie*:" : "cookie:" + cookieName + '=';
    }

    /** @return the cookie name or name prefix */
    public String cookieName() {
        return cookieName;
    }

    @Override
    public String requestKey(ClientRequest request) {
        String value = prefix ? request.cookieWithPrefix(cookieName) : request.cookie(cookieName);
        return table().key(namespace, value);
    }

    @Override
    public void learn(ClientRequest request, ServerResponse response, String route) {
        for (String setCookie : response.headerValues("Set-Cookie")) {
            int eq = setCookie.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = setCookie.substring(0, eq).trim();
            if (prefix ? !name.startsWith(cookieName) : !name.equals(cookieName)) {
                continue;
            }
            int semi = setCookie.indexOf(';', eq);
            String value = unquote(setCookie.substring(eq + 1, semi < 0 ? setCookie.length() : semi).trim());
            if (value.isEmpty() || deletes(setCookie, semi)) {
                table().forget(requestKey(request));
            } else {
                table().pin(table().key(namespace, prefix ? name + '=' + value : value), route);
            }
        }
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }

    /** @return whether the attributes after {@code semi} carry {@code Max-Age} of zero or less (RFC 6265 §5.2.2) */
    private static boolean deletes(String setCookie, int semi) {
        if (semi < 0) {
            return false;
        }
        String attributes = setCookie.substring(semi).toLowerCase(Locale.ROOT);
        int at = attributes.indexOf("max-age=");
        if (at < 0) {
            return false;
        }
        int start = at + "max-age=".length();
        return start < attributes.length() && (attributes.charAt(start) == '-' || attributes.startsWith("0", start)
                && (start + 1 == attributes.length() || !Character.isDigit(attributes.charAt(start + 1))));
    }
}
