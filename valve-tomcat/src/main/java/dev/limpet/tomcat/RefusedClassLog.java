package dev.limpet.tomcat;

import dev.limpet.core.store.RefusedClassListener;
import org.apache.juli.logging.Log;

/**
 * Logs, when a session is backed up, a class in an attribute's value that another node would refuse to
 * deserialize when it takes the session over — once per class (the serializer calls at most once per class) —
 * with the attribute, and the setting that admits it: {@code sessionAttributeValueClassNameFilter} (Tomcat's
 * attribute: with it, only the JDK basics and the classes it matches are admitted), or none for a known gadget
 * type. Thread-safe.
 */
final class RefusedClassLog implements RefusedClassListener {

    private final String manager;
    private final String filter;
    private final Log log;

    /**
     * @param manager the manager, for messages
     * @param filter  the {@code sessionAttributeValueClassNameFilter} in force, or {@code null}/empty for none
     * @param log     where to log
     */
    RefusedClassLog(String manager, String filter, Log log) {
        this.manager = manager;
        this.filter = filter == null || filter.isEmpty() ? null : filter;
        this.log = log;
    }

    @Override
    public void refused(String attributeName, String className, boolean knownGadget) {
        log.warn(message(attributeName, className, knownGadget));
    }

    /** @return the warning for one refused class */
    String message(String attributeName, String className, boolean knownGadget) {
        String what = manager + ": session attribute [" + attributeName + "] holds a [" + className
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
                + " WEB-INF/lib), e.g. a class of $CATALINA_BASE/lib. Admit it with sessionAttributeValueClassNameFilter"
                + " [" + regex + "|<the application's own packages>]: once set, the filter alone decides (with the JDK"
                + " basics), as in Tomcat.";
    }
}
