package dev.limpet.tomcat;

import java.io.Serializable;
import java.security.Principal;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.catalina.Manager;
import org.apache.catalina.session.ManagerBase;
import org.apache.catalina.session.StandardSession;

/**
 * Carries a session's container authentication (the principal and auth type an authenticator such as FORM or
 * BASIC cached in it) through the store, so that a user logged in on one node is still logged in on the node that
 * takes the session over. Follows Tomcat's {@code persistAuthentication} attribute of {@link ManagerBase} (which
 * makes StandardManager and PersistentManager save the principal and auth type with the session); Limpet's
 * manager turns it on by default, since failover is the point and the stored blob is MAC'd.
 *
 * <p>Stored as one reserved entry of the attribute map, {@value #ATTRIBUTE} → {@code Object[] {authType,
 * principal}}, only when the principal is {@link Serializable} (Tomcat's {@code GenericPrincipal} is); the entry
 * is never shown to the application. As with Tomcat, the principal's classes must pass the deserialization class
 * filter on the loading node. Stateless; thread-safe.
 */
final class SessionAuthentication {

    /** The reserved attribute name of the entry. */
    static final String ATTRIBUTE = "dev.limpet.tomcat.authentication";

    /** Tomcat's principal class, serialized through its {@code SerializablePrincipal} replacement. */
    static final String[] PRINCIPAL_CLASSES = {"org.apache.catalina.realm.GenericPrincipal",
            "org.apache.catalina.realm.GenericPrincipal$SerializablePrincipal"};

    private SessionAuthentication() {
    }

    /** @return whether the manager carries authentication ({@code persistAuthentication}) */
    static boolean enabled(Manager manager) {
        return manager instanceof ManagerBase base && base.getPersistAuthentication();
    }

    /**
     * Adds the session's authentication to the attributes about to be stored, if enabled and there is one.
     *
     * @param session    the session
     * @param attributes the attributes to store (modified)
     */
    static void addTo(StandardSession session, Map<String, Object> attributes) {
        Principal principal = session.getPrincipal();
        if (principal instanceof Serializable && enabled(session.getManager())) {
            attributes.put(ATTRIBUTE, new Object[] {session.getAuthType(), principal});
        }
    }

    /**
     * Restores loaded attributes into a session: the reserved entry becomes its principal and auth type (if
     * enabled here; otherwise it is dropped; with no entry a principal the session had is cleared), every other
     * entry goes to {@code restore}.
     *
     * @param session the session being loaded
     * @param stored  the loaded attributes
     * @param restore puts one application attribute (without listeners)
     */
    static void restore(StandardSession session, Map<String, Object> stored, BiConsumer<String, Object> restore) {
        if (enabled(session.getManager()) && session.getPrincipal() != null) {
            session.setPrincipal(null); // a non-sticky refresh: the stored copy decides (a logout elsewhere)
            session.setAuthType(null);
        }
        stored.forEach((name, value) -> {
            if (!ATTRIBUTE.equals(name)) {
                restore.accept(name, value);
            } else if (enabled(session.getManager()) && value instanceof Object[] carried && carried.length == 2
                    && (carried[0] == null || carried[0] instanceof String) && carried[1] instanceof Principal principal) {
                session.setAuthType((String) carried[0]);
                session.setPrincipal(principal);
            }
        });
    }
}
