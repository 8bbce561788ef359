package dev.limpet.core.store.spi;

import java.util.Map;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Settings handed to a {@link StoreBackendProvider}.
 *
 * @param storeUri               the store URI (may carry credentials: never log it whole)
 * @param operationTimeoutMillis the most one operation may take, milliseconds, 1..60000 (default 1000)
 * @param dataSource             for {@code jdbc:} stores, a container-provided pool (JNDI); {@code null}
 *                               to build one from the URI
 * @param properties             provider-specific settings (e.g. {@code createSchema=true}); never {@code null}
 *
 * <p>{@link #toString()} and {@link #redactedStoreUri()} mask credentials: the user-info part of the URI, and
 * the value of any query or property key containing {@code password}, {@code secret} or {@code token}.
 */
public record StoreOptions(String storeUri, long operationTimeoutMillis, DataSource dataSource,
                           Map<String, String> properties) {

    /** Default operation timeout, milliseconds. */
    public static final long DEFAULT_OPERATION_TIMEOUT_MILLIS = 1000;

    /** Validates and copies. */
    public StoreOptions {
        if (storeUri == null || storeUri.isBlank()) {
            throw new IllegalArgumentException("storeUri must not be empty");
        }
        if (operationTimeoutMillis < 1 || operationTimeoutMillis > 60_000) {
            throw new IllegalArgumentException("operationTimeoutMillis must be 1..60000, was [" + operationTimeoutMillis + "]");
        }
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    /**
     * @param storeUri the store URI
     * @return options with the default timeout, no data source, no properties
     */
    public static StoreOptions of(String storeUri) {
        return new StoreOptions(storeUri, DEFAULT_OPERATION_TIMEOUT_MILLIS, null, Map.of());
    }

    /**
     * @param timeoutMillis the operation timeout, milliseconds, 1..60000
     * @return a copy with that timeout
     */
    public StoreOptions withOperationTimeoutMillis(long timeoutMillis) {
        return new StoreOptions(storeUri, timeoutMillis, dataSource, properties);
    }

    /** @return the URI with user info ({@code user:password@}) and secret query values replaced by {@code ***} */
    public String redactedStoreUri() {
        String masked = USER_INFO.matcher(storeUri).replaceAll("//***@");
        return SECRET_PARAMETER.matcher(masked).replaceAll("$1=***");
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("StoreOptions[storeUri=").append(redactedStoreUri())
                .append(", operationTimeoutMillis=").append(operationTimeoutMillis)
                .append(", dataSource=").append(dataSource == null ? "none" : dataSource.getClass().getName())
                .append(", properties={");
        properties.keySet().stream().sorted().forEach(key -> text.append(key).append('=')
                .append(SECRET_KEY.matcher(key).find() ? "***" : properties.get(key)).append(';'));
        return text.append("}]").toString();
    }

    private static final Pattern USER_INFO = Pattern.compile("//[^/?#]*@");
    private static final Pattern SECRET_KEY = Pattern.compile("(?i)password|secret|token");
    private static final Pattern SECRET_PARAMETER = Pattern.compile("(?i)([?&;][^=&;]*(?:password|secret|token)[^=&;]*)=[^&;]*");
}
