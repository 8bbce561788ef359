package dev.limpet.it;

import static dev.limpet.it.Browser.servedBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.core.keys.KeyPurpose;
import dev.limpet.core.keys.MasterSecrets;
import dev.limpet.core.token.AffinityTokenCodec;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client cannot choose its node with a bad X-Backend: forged, tampered, expired, unknown-key, oversized or
 * garbage values are ignored by the router (requests are balanced and served, never a 5xx) and replaced by
 * the serving node's own signed token.
 */
class BadBackendCookieIT {


    @TempDir
    Path dir;

    @Test
    void badTokensAreIgnoredAndReplacedWhileAGoodOneIsObeyed() throws Exception {
        try (Farm farm = Farm.start(dir, Farm.THREE_NODES, "[backend-cookie]")) {
            AffinityTokenCodec codec = farm.backendCodec();
            long now = System.currentTimeMillis() / 1000;
            String good = codec.sign("node3", now, now + 1800);
            assertEquals(Set.of("node3"), nodesServing(farm, good, codec), "control: a valid token pins");
            for (Map.Entry<String, String> bad : badTokens(codec, good, now).entrySet()) {
                Set<String> nodes = nodesServing(farm, bad.getValue(), codec);
                assertTrue(nodes.size() > 1, bad.getKey() + " token pinned the client: " + nodes);
            }
        }
    }

    private static Map<String, String> badTokens(AffinityTokenCodec codec, String good, long now) {
        String payload = good.substring(0, good.lastIndexOf('.') + 1);
        AffinityTokenCodec otherSecret = new AffinityTokenCodec("X-Backend",
                MasterSecrets.parse("a-secret-the-router-does-not-know-01", "test").keyRing(KeyPurpose.BACKEND_COOKIE));
        AffinityTokenCodec otherCookie = new AffinityTokenCodec("LIMPET",
                MasterSecrets.parse(Farm.DEFAULT_SECRET, "test").keyRing(KeyPurpose.BACKEND_COOKIE));
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("forged MAC", payload + "A".repeat(43));
        bad.put("tampered route", codec.sign("node1", now, now + 1800).replace(".node1.", ".node3."));
        bad.put("tampered expiry", good.replace("." + (now + 1800) + ".", "." + (now + 99_999) + "."));
        bad.put("expired", codec.sign("node3", now - 3600, now - 1800));
        bad.put("unknown key", otherSecret.sign("node3", now, now + 1800));
        bad.put("other cookie name", otherCookie.sign("node3", now, now + 1800));
        bad.put("oversized", payload + "A".repeat(200));
        bad.put("garbage", "node3");
        return bad;
    }

    /** Six new clients present the token; each response must be served and carry the server's own token. */
    private static Set<String> nodesServing(Farm farm, String token, AffinityTokenCodec codec) throws Exception {
        Set<String> nodes = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> response = new Browser().withCookie("X-Backend", token).get(farm.cart("/cart.txt"));
            assertEquals(200, response.statusCode());
            String node = servedBy(response);
            nodes.add(node);
            String issued = Browser.setCookie(response, "X-Backend").orElse(token);
            assertEquals(node, codec.read(issued, System.currentTimeMillis() / 1000).orElseThrow().route(),
                    "the serving node's valid token ends up in the client");
        }
        return nodes;
    }
}
