package dev.limpet.router.persistence;

import dev.limpet.router.persistence.IpAddresses.Cidr;
import dev.limpet.router.table.SessionTable;
import java.util.HexFormat;
import java.util.List;

/**
 * Persistence method {@code source-ip}: pins the client's address, or its subnet, to the node that served it
 * (HAProxy {@code stick on src} with a {@code stick-table type ip/ipv6}; {@code ipv4Prefix}/{@code ipv6Prefix}
 * group a subnet, e.g. 24 and 64, as Stingray's IP persistence does).
 *
 * <p>The client address is the TCP peer's. Only when the peer lies in {@code trustedProxies} is
 * {@code X-Forwarded-For} read: from its right end, the first address that is not itself a trusted proxy is the
 * client (a malformed entry stops the walk at the last trusted hop). Without trusted proxies the header is
 * never read, so a client cannot choose its key. Immutable and thread-safe.
 */
public final class SourceIpMethod extends TableMethod {

    private static final HexFormat HEX = HexFormat.of();

    private final int ipv4Prefix;
    private final int ipv6Prefix;
    private final Cidr[] trustedProxies;

    /**
     * @param table          the session table
     * @param ipv4Prefix     leading bits of an IPv4 address that form the key, 1..32
     * @param ipv6Prefix     leading bits of an IPv6 address that form the key, 1..128
     * @param trustedProxies the peers whose {@code X-Forwarded-For} is believed, possibly empty
     */
    public SourceIpMethod(SessionTable table, int ipv4Prefix, int ipv6Prefix, List<Cidr> trustedProxies) {
        super(PersistenceMethods.SOURCE_IP, table);
        this.ipv4Prefix = ipv4Prefix;
        this.ipv6Prefix = ipv6Prefix;
        this.trustedProxies = trustedProxies.toArray(new Cidr[0]);
    }

    @Override
    public String requestKey(ClientRequest request) {
        byte[] client = clientAddress(request);
        if (client == null) {
            return null;
        }
        int bits = client.length == 4 ? ipv4Prefix : ipv6Prefix;
        return table().key(client.length == 4 ? "ip4:" : "ip6:", HEX.formatHex(IpAddresses.mask(client, bits)));
    }

    @Override
    public void learn(ClientRequest request, ServerResponse response, String route) {
        table().pin(requestKey(request), route);
    }

    /** @return the client's address bytes by the trusted-proxy rule, or {@code null} */
    byte[] clientAddress(ClientRequest request) {
        byte[] peer = IpAddresses.parse(request.remoteAddress());
        if (peer == null || !isTrusted(peer)) {
            return peer;
        }
        String forwarded = request.header("X-Forwarded-For");
        if (forwarded == null) {
            return peer;
        }
        byte[] client = peer;
        int end = forwarded.length();
        while (end > 0 && isTrusted(client)) {
            int comma = forwarded.lastIndexOf(',', end - 1);
            byte[] hop = IpAddresses.parse(forwarded.substring(comma + 1, end));
            if (hop == null) {
                break;
            }
            client = hop;
            end = Math.max(comma, 0);
        }
        return client;
    }

    private boolean isTrusted(byte[] address) {
        for (Cidr cidr : trustedProxies) {
            if (cidr.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
