package dev.limpet.router.config;

/**
 * How the router balances, retries and is observed and operated (issue 5, second half): the {@code balance},
 * {@code retryOn}, {@code admin}, {@code accessLog}, {@code routeHeader} and {@code drain} keys. Documented key by
 * key in {@code docs/router.md}. Immutable and thread-safe.
 *
 * @param balance                  {@code balance}
 * @param retryOnConnectFailure    {@code retryOn} contains {@code connect-failure} (default): retry any method
 *                                 whose connection could not be established
 * @param retryOnIdempotent        {@code retryOn} contains {@code idempotent} (default): retry an idempotent
 *                                 request after any failure before a response began, when no body was sent
 * @param admin                    {@code admin}
 * @param accessLog                {@code accessLog}
 * @param routeHeader              {@code routeHeader}: add {@code X-Limpet-Route} to responses, default false
 * @param drainIdleSeconds         {@code drain.idleSeconds} (older name {@code drain.cookieIdleSeconds}): a session
 *                                 key (session id, signed cookie, table pin) counts as a session its node holds
 *                                 until it has not been seen for this long, in seconds, default 1800
 * @param drainMaxTrackedSessions  {@code drain.maxTrackedSessions} (older name {@code drain.maxTrackedCookies}):
 *                                 most session ids and signed cookies tracked, default 100000
 */
public record OperationsConfig(BalanceConfig balance, boolean retryOnConnectFailure, boolean retryOnIdempotent,
                               AdminConfig admin, AccessLogConfig accessLog, boolean routeHeader,
                               long drainIdleSeconds, long drainMaxTrackedSessions) {
}
