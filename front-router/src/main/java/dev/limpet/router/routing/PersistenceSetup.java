package dev.limpet.router.routing;

import dev.limpet.core.keys.KeyPurpose;
import dev.limpet.router.balance.Balancer;
import dev.limpet.router.config.PersistenceClassConfig;
import dev.limpet.router.config.PersistenceMethodConfig;
import dev.limpet.router.config.RouterConfig;
import dev.limpet.router.node.NodeRegistry;
import dev.limpet.router.persistence.PersistenceMethod;
import dev.limpet.router.persistence.PersistenceMethods;
import dev.limpet.router.persistence.RouterCookieIssuer;
import dev.limpet.router.persistence.SignedCookieMethod;
import dev.limpet.router.table.RedisSharedPins;
import dev.limpet.router.table.SessionTable;
import dev.limpet.router.table.SessionTableConfig;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Builds the router's persistence from a validated configuration: the session table (with Redis sharing when
 * {@code sessionTable.redis} is set), the persistence classes with their methods, the router-cookie issuer and
 * the {@link RouteDecider}. Stateless.
 */
public final class PersistenceSetup {

    private PersistenceSetup() {
    }

    /**
     * @param config a validated configuration
     * @return the session table it describes (not yet used by anything; close it when the router stops)
     */
    public static SessionTable newSessionTable(RouterConfig config) {
        SessionTableConfig tc = config.sessionTable();
        return new SessionTable(tc, tc.redis() == null ? null : new RedisSharedPins(tc.redis(),
                tc.idleTimeoutSeconds()));
    }

    /**
     * @param config   a validated configuration
     * @param registry the nodes
     * @param table    the session table for the learning methods
     * @param balancer picks a node when nothing usable is pinned
     * @param clock    the time source for affinity tokens
     * @return the decider
     */
    public static RouteDecider newDecider(RouterConfig config, NodeRegistry registry, SessionTable table,
                                          Balancer balancer, InstantSource clock) {
        SignedCookieMethod routerCookie = null;
        List<PersistenceClass> classes = new ArrayList<>();
        for (PersistenceClassConfig cc : config.persistenceClasses()) {
            List<PersistenceMethod> methods = new ArrayList<>();
            SignedCookieMethod classCookie = null;
            for (PersistenceMethodConfig entry : cc.methods()) {
                for (PersistenceMethod method : PersistenceMethods.create(entry, config, table, clock)) {
                    if (PersistenceMethods.ROUTER_COOKIE.equals(method.name())) {
                        classCookie = (SignedCookieMethod) method;
                        routerCookie = classCookie;
                    }
                    methods.add(method);
                }
            }
            classes.add(new PersistenceClass(cc.pathPrefix(), cc.pathRegex() == null ? null
                    : Pattern.compile(cc.pathRegex()), List.copyOf(methods), classCookie, cc.onFailure(),
                    cc.sorryStatus(), cc.sorryContentType(), cc.sorryBody()));
        }
        RouterCookieIssuer issuer = routerCookie == null ? null : new RouterCookieIssuer(
                PersistenceMethods.codec(config, config.routerCookie().name(), KeyPurpose.ROUTER_COOKIE),
                config.routerCookie(), clock);
        return new RouteDecider(classes, issuer, registry, balancer);
    }
}
