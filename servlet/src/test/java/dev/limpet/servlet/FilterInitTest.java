package dev.limpet.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.SessionCookieConfig;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configuration errors: every one listed at start, in one ServletException, before anything is opened. */
class FilterInitTest {

    private static Object answer(Class<?> type) {
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class) {
            return -1; // e.g. SessionCookieConfig.getMaxAge(): not set
        }
        return null;
    }

    private static ServletContext context() {
        SessionCookieConfig cookieConfig = (SessionCookieConfig) Proxy.newProxyInstance(
                FilterInitTest.class.getClassLoader(), new Class<?>[] {SessionCookieConfig.class},
                (proxy, method, args) -> answer(method.getReturnType()));
        return (ServletContext) Proxy.newProxyInstance(FilterInitTest.class.getClassLoader(),
                new Class<?>[] {ServletContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getContextPath" -> "/shop";
                    case "getVirtualServerName" -> "localhost";
                    case "getSessionCookieConfig" -> cookieConfig;
                    case "getSessionTimeout" -> 30;
                    case "getClassLoader" -> FilterInitTest.class.getClassLoader();
                    default -> answer(method.getReturnType());
                });
    }

    private static FilterConfig config(Map<String, String> parameters) {
        ServletContext context = context();
        return new FilterConfig() {
            @Override
            public String getFilterName() {
                return "test";
            }

            @Override
            public ServletContext getServletContext() {
                return context;
            }

            @Override
            public String getInitParameter(String name) {
                return parameters.get(name);
            }

            @Override
            public Enumeration<String> getInitParameterNames() {
                return Collections.enumeration(parameters.keySet());
            }
        };
    }

    private static String problems(Filter filter, Map<String, String> parameters) {
        return assertThrows(ServletException.class, () -> filter.init(config(parameters))).getMessage();
    }

    @Test
    void theSessionFilterListsEveryProblemAtOnce() {
        String message = problems(new SessionSharingFilter(), Map.of("storeURI", "redis://x", "sticky", "maybe",
                "operationTimeoutMillis", "soon", "backupThreads", "0", "keyPrefix", "bad prefix!",
                "sessionCookieSameSite", "sometimes", "lockingMode", "all"));
        for (String expected : new String[] {"unknown init parameter [storeURI]", "sticky must be true or false",
                "operationTimeoutMillis must be a whole number", "backupThreads must be 1..64", "no store: set storeUri",
                "keyPrefix must be 1..64 characters", "sessionCookieSameSite must be one of", "no route",
                "no secret"}) {
            assertTrue(message.contains(expected), expected + " in: " + message);
        }
        assertTrue(message.startsWith("SessionSharingFilter of [/shop] cannot start: "), message);
    }

    @Test
    void theCookieFilterListsEveryProblemAtOnce() {
        String message = problems(new BackendCookieFilter(), Map.of("route", "node 1", "cookieName", "X Backend",
                "maxAgeSeconds", "0", "sameSite", "loose", "secretFile", "a", "secretEnv", "B"));
        for (String expected : new String[] {"route [node 1] must match", "cookieName [X Backend] is not an RFC 6265",
                "maxAgeSeconds [0]", "sameSite [loose]", "set only one of secretFile and secretEnv"}) {
            assertTrue(message.contains(expected), expected + " in: " + message);
        }
    }

    @Test
    void sessionIdsAreThirtyTwoHexCharactersOfSecureRandomPlusTheRoute() {
        SessionCookies cookies = new SessionCookies("JSESSIONID", "Lax");
        String id = cookies.newBaseId();
        assertTrue(id.matches("[0-9A-F]{32}"), id);
        assertEquals(false, id.equals(cookies.newBaseId()));
        assertEquals("/shop", SessionCookies.defaultPath(context()));
    }
}
