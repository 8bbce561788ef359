package dev.limpet.router.config;

/**
 * The {@code admin} settings: the admin API and status page on their own listener.
 *
 * @param enabled           whether the admin listener runs ({@code admin} present)
 * @param host              {@code admin.listen} host, default {@code 127.0.0.1}
 * @param port              {@code admin.listen} port, 0..65535, default 9090 (0 binds a free port)
 * @param token             the bearer token for mutations (from {@code admin.tokenFile} or {@code admin.tokenEnv}),
 *                          or {@code null}: the API is then read-only. Never logged, not in {@link #toString()}
 * @param authenticateReads whether reads ({@code GET}) need the token too; forced on for a non-loopback bind
 * @param loopback          whether {@code host} is a loopback address
 */
public record AdminConfig(boolean enabled, String host, int port, String token, boolean authenticateReads,
                          boolean loopback) {

    @Override
    public String toString() {
        return "AdminConfig[enabled=" + enabled + ", listen=" + host + ":" + port + ", token="
                + (token == null ? "none" : "(set)") + ", authenticateReads=" + authenticateReads + "]";
    }
}
