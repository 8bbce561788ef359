package dev.limpet.tomcat;

import dev.limpet.core.store.SessionSerializer;
import dev.limpet.sessions.RefusedClassLog;

/**
 * The session serializer of a {@link LimpetSessionManager}: which classes another node may deserialize when it
 * takes a session over, from Tomcat's attributes.
 * <ul>
 * <li>{@code sessionAttributeValueClassNameFilter} not set (the default): the JDK basics and every class the web
 *     application's own class loader defines ({@code WEB-INF/classes}, {@code WEB-INF/lib}; told by the class's
 *     defining loader, not its name), and with {@code persistAuthentication} Tomcat's {@code GenericPrincipal}.</li>
 * <li>set: Tomcat's meaning, only the classes whose whole name matches it (and the JDK basics); the principal's
 *     classes too, as Tomcat's documentation of {@code persistAuthentication} says.</li>
 * </ul>
 * Known gadget types never pass. A class that would be refused is logged when a session holding it is backed up
 * ({@link RefusedClassLog}). Stateless.
 */
final class SerializerSettings {

    private SerializerSettings() {
    }

    /**
     * @param manager the manager being started (its Context's loader, its attributes, its log)
     * @return the serializer
     * @throws java.util.regex.PatternSyntaxException if the filter is not a valid regular expression
     */
    static SessionSerializer serializer(LimpetSessionManager manager) {
        boolean ownLoader = manager.getContext().getLoader() != null;
        ClassLoader webapp = ownLoader ? manager.getContext().getLoader().getClassLoader()
                : manager.getClass().getClassLoader();
        String filter = manager.getSessionAttributeValueClassNameFilter();
        boolean filterSet = filter != null && !filter.isEmpty();
        SessionSerializer.Builder builder = SessionSerializer.builder().classLoader(webapp).allowRegex(filter)
                .applicationClasses(!filterSet && ownLoader)
                .onRefusedClass(new RefusedClassLog(manager.describe(), filter, "$CATALINA_BASE/lib",
                        System.getLogger(LimpetSessionManager.class.getName())));
        if (!filterSet && manager.getPersistAuthentication()) {
            builder.allow(SessionAuthentication.PRINCIPAL_CLASSES);
        }
        return builder.build();
    }
}
