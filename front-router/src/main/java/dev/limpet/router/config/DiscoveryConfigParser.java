package dev.limpet.router.config;

import dev.limpet.core.route.RouteCodec;

/** Reads the {@code discovery} section ({@link DiscoveryConfig}), recording problems in the shared list. */
final class DiscoveryConfigParser {

    private static final String DNS_LABEL = "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    private static final String KUBE_NAME = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";

    private DiscoveryConfigParser() {
    }

    static DiscoveryConfig parse(ConfigSection top) {
        ConfigSection s = top.section("discovery");
        DiscoveryConfig.Dns dns = s.has("dns") ? dns(s.section("dns")) : null;
        DiscoveryConfig.Kubernetes kubernetes = s.has("kubernetes") ? kubernetes(s.section("kubernetes")) : null;
        s.reportUnknownKeys();
        return new DiscoveryConfig(dns, kubernetes);
    }

    private static DiscoveryConfig.Dns dns(ConfigSection s) {
        String name = s.requiredString("name");
        if (name != null && !name.matches(DNS_LABEL + "(\\." + DNS_LABEL + ")*\\.?")) {
            s.problem("name", "must be a DNS name, was [" + name + "]");
        }
        int port = s.intIn("port", 80, 1, 65_535, "port");
        long interval = s.longIn("intervalSeconds", 10, 1, 3600, "s");
        String prefix = s.string("routePrefix", name == null ? "node" : name.split("\\.")[0]);
        if (!RouteCodec.isValidRoute(prefix) || prefix.length() > 24) {
            s.problem("routePrefix", "must match [A-Za-z0-9_-]{1,24}, was [" + prefix + "]");
        }
        s.reportUnknownKeys();
        return new DiscoveryConfig.Dns(name, port, interval, prefix);
    }

    private static DiscoveryConfig.Kubernetes kubernetes(ConfigSection s) {
        String namespace = s.string("namespace", null);
        String service = s.requiredString("service");
        for (String[] kv : new String[][] {{"namespace", namespace}, {"service", service}}) {
            if (kv[1] != null && !kv[1].matches(KUBE_NAME)) {
                s.problem(kv[0], "must be a Kubernetes name (RFC 1123 label), was [" + kv[1] + "]");
            }
        }
        String port = s.string("port", null);
        s.reportUnknownKeys();
        return new DiscoveryConfig.Kubernetes(namespace, service, port);
    }
}
