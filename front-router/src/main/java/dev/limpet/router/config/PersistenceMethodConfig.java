package dev.limpet.router.config;

import dev.limpet.router.persistence.IpAddresses.Cidr;
import java.util.List;

/**
 * One entry of a {@code persistence} list: a method name alone ({@code jsessionid}) or a mapping with options
 * ({@code {method: learn-cookie, name: PHPSESSID}}). Fields a method does not use are {@code null} or 0. Every
 * option is documented in {@code docs/router.md}.
 *
 * @param method         the method name, e.g. {@code learn-cookie}
 * @param name           {@code learn-cookie}: the cookie name (or name prefix); {@code header}: the header name;
 *                       {@code named-node}: the header that names the node ({@code null} for none)
 * @param namePrefix     {@code learn-cookie}: whether {@code name} is a name prefix ({@code ASPSESSIONID})
 * @param query          {@code named-node}: the query parameter that names the node, or {@code null}
 * @param ipv4Prefix     {@code source-ip}: leading IPv4 bits that form the key, 1..32 (default 32)
 * @param ipv6Prefix     {@code source-ip}: leading IPv6 bits that form the key, 1..128 (default 64)
 * @param trustedProxies {@code source-ip}: peers whose {@code X-Forwarded-For} is believed
 */
public record PersistenceMethodConfig(String method, String name, boolean namePrefix, String query, int ipv4Prefix,
                                      int ipv6Prefix, List<Cidr> trustedProxies) {

    /** @param method a method that takes no options @return its entry */
    public static PersistenceMethodConfig of(String method) {
        return new PersistenceMethodConfig(method, null, false, null, 0, 0, List.of());
    }

    /** @return the entry as it would be written in YAML, for logs and duplicate detection */
    @Override
    public String toString() {
        if (name == null && query == null && ipv4Prefix == 0) {
            return method;
        }
        StringBuilder s = new StringBuilder("{method: ").append(method);
        if (name != null) {
            s.append(namePrefix ? ", namePrefix: " : ", name: ").append(name);
        }
        if (query != null) {
            s.append(", query: ").append(query);
        }
        if (ipv4Prefix != 0) {
            s.append(", ipv4Prefix: ").append(ipv4Prefix).append(", ipv6Prefix: ").append(ipv6Prefix);
        }
        if (!trustedProxies.isEmpty()) {
            s.append(", trustedProxies: ").append(trustedProxies.size());
        }
        return s.append('}').toString();
    }
}
