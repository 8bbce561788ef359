package dev.limpet.router.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.limpet.router.persistence.IpAddresses.Cidr;
import dev.limpet.router.table.SessionTable;
import dev.limpet.router.table.SessionTableConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cookie-prefix scanning, IP literal parsing and the trusted-proxy rule of source-ip, without a network. */
class LearningMethodsTest {

    private final SessionTable table = new SessionTable(SessionTableConfig.defaults(), null);

    @Test
    void cookiePrefixScanFindsNameAndValue() {
        assertEquals("ASPSESSIONIDQQGG=ABC", CookieScanner.findWithPrefix("a=1; ASPSESSIONIDQQGG = \"ABC\"; b=2",
                "ASPSESSIONID"));
        assertNull(CookieScanner.findWithPrefix("ASPSESSIONIDX; a=1", "ASPSESSIONID"));
        assertNull(CookieScanner.findWithPrefix(null, "ASPSESSIONID"));
        assertEquals("v", CookieScanner.find(" x=1;\tJSESSIONID = v ;", "JSESSIONID"));
    }

    @Test
    void onlyNumericAddressLiteralsParse() {
        assertArrayEquals(new byte[] {(byte) 203, 0, 113, 5}, IpAddresses.parse(" 203.0.113.5:8080 "));
        assertEquals(16, IpAddresses.parse("[2001:db8::1]:443").length);
        assertEquals(4, IpAddresses.parse("::ffff:192.0.2.1").length);
        for (String bad : new String[] {"example.com", "1.2.3", "1.2.3.4.5", "", "unknown", "::g", "[::1", null}) {
            assertNull(IpAddresses.parse(bad), bad);
        }
        Cidr ten = Cidr.parse("10.0.0.0/8");
        assertEquals(true, ten.contains(IpAddresses.parse("10.200.1.1")));
        assertEquals(false, ten.contains(IpAddresses.parse("11.0.0.1")));
    }

    private static ClientRequest from(String peer, String forwardedFor) {
        return FakeClientRequest.fromPeer(peer, Map.of("X-Forwarded-For", forwardedFor));
    }

    @Test
    void forwardedForIsBelievedOnlyFromTrustedProxiesAndWalkedFromTheRight() {
        SourceIpMethod trusting = new SourceIpMethod(table, 24, 64, List.of(Cidr.parse("10.0.0.0/8")));
        assertArrayEquals(IpAddresses.parse("198.51.100.7"),
                trusting.clientAddress(from("10.0.0.1", "1.1.1.1, 198.51.100.7, 10.0.0.9")));
        assertArrayEquals(IpAddresses.parse("10.0.0.9"),
                trusting.clientAddress(from("10.0.0.1", "garbage, 10.0.0.9")), "a malformed hop stops the walk");
        assertArrayEquals(IpAddresses.parse("192.0.2.1"), trusting.clientAddress(from("192.0.2.1", "1.1.1.1")));
        assertEquals(trusting.requestKey(from("10.0.0.1", "198.51.100.7")),
                trusting.requestKey(from("10.0.0.1", "198.51.100.250")), "same /24, same key");
    }
}
