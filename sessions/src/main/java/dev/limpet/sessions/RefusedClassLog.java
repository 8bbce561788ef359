package dev.limpet.sessions;

import dev.limpet.core.store.RefusedClassListener;

/**
 * Logs, when a session is backed up, a class in an attribute's value that another node would refuse to
 * deserialize when it takes the session over — once per class (the serializer calls at most once per class) —
 * with the attribute, and the setting that admits it: {@code sessionAttributeValueClassNameFilter} (Tomcat's
 * attribute: with it, only the JDK basics and the classes it matches are admitted), or none for a known gadget
 * type. Logged at {@code WARNING} through {@link System.Logger} (Tomcat's JULI and Jetty's SLF4J binding both
 * receive it). Thread-safe.
 */
public final class RefusedClassLog implements RefusedClassListener {

    private final String component;
    private final String filter;
    private final String sharedLibraries;
    private final System.Logger log;

    /**
     * @param component       the component (manager, filter), for messages
     * @param filter          the {@code sessionAttributeValueClassNameFilter} in force, or {@code null}/empty for none
     * @param sharedLibraries where classes outside the web application come from, for the advice (e.g.
     *                        {@code $CATALINA_BASE/lib})
     * @param log             where to log
     */
    public RefusedClassLog(String component, String filter, String sharedLibraries, System.Logger log) {
        this.component = component;
        this.filter = filter == null || filter.isEmpty() ? null : filter;
        this.sharedLibraries = sharedLibraries;
        this.log = log;
    }

    @Override
    public void refused(String attributeName, String className, boolean knownGadget) {
        log.log(System.Logger.Level.WARNING, message(attributeName, className, knownGadget));
    }

    /**
     * @param attributeName the attribute holding the class
     * @param className     the refused class
     * @param knownGadget   whether it is a known deserialization gadget type
     * @return the warning for one refused class
     */
    public String message(String attributeName, String className, boolean knownGadget) {
        String what = component + ": session attribute [" + attributeName + "] holds a [" + className
                + "], which another node would refuse to deserialize when it takes the session over (the attribute"
                + " would be lost there). ";
        String regex = className.replace(".", "\\.").replace("$", "\\$");
        if (knownGadget) {
            return what + "It is a known deserialization gadget type, which no setting admits: keep it out of the session.";
        }
        if (filter != null) {
            return what + "It does not match sessionAttributeValueClassNameFilter [" + filter + "]: add it, e.g. ["
                    + filter + "|" + regex + "].";
        }
        return what + "It is neither a JDK basic type nor a class of this web application (WEB-INF/classes,"
                + " WEB-INF/lib), e.g. a class of " + sharedLibraries + ". Admit it with sessionAttributeValueClassNameFilter"
                + " [" + regex + "|<the application's own packages>]: once set, the filter alone decides (with the JDK"
                + " basics), as in Tomcat.";
    }
}
