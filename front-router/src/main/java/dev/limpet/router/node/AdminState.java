package dev.limpet.router.node;

import java.util.Locale;

/**
 * A node's administrative state, set in the configuration ({@code backends[].state}) and at run time through the
 * admin API. Independent of health: a draining node that fails its health check takes nothing.
 * HAProxy's {@code set server state ready|drain|maint}.
 */
public enum AdminState {
    /** Takes pinned requests and new sessions (the default). */
    ACTIVE,
    /** Takes requests pinned to it (existing sessions) but no new sessions; reports the sessions it still holds. */
    DRAINING,
    /** Takes nothing: its pinned users are moved as if it were down. */
    DISABLED;

    /** @return the configuration and API name, e.g. {@code draining} */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param text a configuration or API value, possibly {@code null}
     * @return the state, or {@code null} when {@code text} names none
     */
    public static AdminState fromConfigName(String text) {
        for (AdminState state : values()) {
            if (state.configName().equals(text)) {
                return state;
            }
        }
        return null;
    }
}
