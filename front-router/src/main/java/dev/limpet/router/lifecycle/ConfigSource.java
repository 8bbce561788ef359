package dev.limpet.router.lifecycle;

import dev.limpet.router.config.ConfigException;
import dev.limpet.router.config.RouterConfig;

/** Where a reload re-reads the configuration, e.g. {@code () -> RouterConfig.fromFile(path)}. */
@FunctionalInterface
public interface ConfigSource {

    /**
     * @return the validated configuration, its secret, token and key-store files read afresh
     * @throws ConfigException listing every problem
     */
    RouterConfig load() throws ConfigException;
}
