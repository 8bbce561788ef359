package dev.limpet.router.config;

import dev.limpet.router.persistence.PersistenceMethods;
import java.util.ArrayList;
import java.util.List;

/**
 * Facts about a valid configuration that an operator should read before relying on it, printed by
 * {@code --check}: the configuration's {@linkplain RouterConfig#warnings() warnings} (keys to rewrite), then limits
 * of a method that the configuration cannot express. Stateless.
 */
public final class ConfigNotes {

    /** The note printed when {@code tls-session} is used. */
    public static final String TLS_SESSION_TLS12_ONLY = "persistence method [tls-session] pins TLS 1.2 sessions only:"
            + " a TLS 1.3 client resumes with a pre-shared key whose identity Java's TLS does not expose, and its"
            + " session id is not stable, so TLS 1.3 connections are not pinned by it (method=none); list another"
            + " method after it";

    /** The note printed when {@code backendTls.hostnameVerification} is off. */
    public static final String BACKEND_HOSTNAME_UNVERIFIED = "backendTls.hostnameVerification is off: an https://"
            + " node's certificate is not checked against its host name, so any certificate the trust store accepts"
            + " is taken for any node";

    private ConfigNotes() {
    }

    /**
     * @param config a valid configuration
     * @return the notes, empty when there is nothing to say
     */
    public static List<String> notes(RouterConfig config) {
        List<String> notes = new ArrayList<>(config.warnings());
        if (config.persistenceClasses().stream()
                .anyMatch(c -> c.methodNames().contains(PersistenceMethods.TLS_SESSION))) {
            notes.add(TLS_SESSION_TLS12_ONLY);
        }
        if (!config.backendTls().hostnameVerification()) {
            notes.add(BACKEND_HOSTNAME_UNVERIFIED);
        }
        return notes;
    }
}
