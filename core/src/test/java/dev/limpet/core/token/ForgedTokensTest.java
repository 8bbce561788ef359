package dev.limpet.core.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * One million forged affinity tokens against the verifier, none accepted (docs/fuzzing.md): random strings of
 * the token's shape, and mutations of genuinely signed tokens — bit flips, truncation, field swaps, a token
 * signed with another key, one signed for another cookie name, and spliced fields of two genuine tokens. A
 * fixed seed makes every run check the same tokens. "Accepted" means the MAC verified ({@code VALID} or
 * {@code EXPIRED}); a mutation that happens to reproduce a genuine token's text is not a forgery and is
 * drawn again.
 */
class ForgedTokensTest {

    static final int FORGERIES = 1_000_000;
    private static final long SEED = 0x5EED_70CE_2026L;
    private static final String B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final long NOW = 1_800_000_000L;

    private final AffinityTokenCodec codec = AffinityTokenCodecFuzzTest.codec(
            AffinityTokenCodecFuzzTest.COOKIE, AffinityTokenCodecFuzzTest.SECRET);
    private final AffinityTokenCodec otherName = AffinityTokenCodecFuzzTest.codec(
            AffinityTokenCodecFuzzTest.OTHER_COOKIE, AffinityTokenCodecFuzzTest.SECRET);
    private final AffinityTokenCodec otherKey = AffinityTokenCodecFuzzTest.codec(
            AffinityTokenCodecFuzzTest.COOKIE, AffinityTokenCodecFuzzTest.OTHER_SECRET);

    @Test
    void noneOfAMillionForgedTokensIsAccepted() {
        SplittableRandom random = new SplittableRandom(SEED);
        Map<TokenVerdict, Integer> verdicts = new EnumMap<>(TokenVerdict.class);
        Map<Kind, Integer> kinds = new EnumMap<>(Kind.class);
        int accepted = 0;
        for (int i = 0; i < FORGERIES; i++) {
            Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
            String forged = forge(kind, genuine(random), random);
            TokenVerdict verdict = codec.verify(forged, NOW).verdict();
            boolean macVerified = verdict == TokenVerdict.VALID || verdict == TokenVerdict.EXPIRED;
            if (macVerified && isGenuine(forged)) {
                i--;
                continue;
            }
            verdicts.merge(verdict, 1, Integer::sum);
            kinds.merge(kind, 1, Integer::sum);
            if (macVerified) {
                accepted++;
                System.out.println("ACCEPTED forgery (" + kind + "): " + forged);
            }
        }
        System.out.println("forged tokens: " + FORGERIES + ", accepted: " + accepted + ", verdicts: " + verdicts
                + ", kinds: " + kinds);
        assertEquals(FORGERIES, verdicts.values().stream().mapToInt(Integer::intValue).sum());
        assertEquals(0, accepted);
    }

    @Test
    void genuineTokensOfTheGeneratorVerify() {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < 1000; i++) {
            String token = genuine(random);
            TokenVerdict verdict = codec.verify(token, NOW).verdict();
            assertTrue(verdict == TokenVerdict.VALID || verdict == TokenVerdict.EXPIRED, verdict.toString());
            assertTrue(isGenuine(token));
        }
    }

    /** What a forger may try. */
    enum Kind { RANDOM, BIT_FLIP, TRUNCATE, SWAP_FIELDS, OTHER_KEY_ID, OTHER_KEY, OTHER_COOKIE_NAME, SPLICE, REPLACE_FIELD }

    /** @return one of a pool of genuinely signed tokens, so that most draws cost no signing */
    private String genuine(SplittableRandom random) {
        return pool[random.nextInt(pool.length)];
    }

    private final String[] pool = signedPool(new SplittableRandom(~SEED));

    private String[] signedPool(SplittableRandom random) {
        String[] tokens = new String[4096];
        for (int i = 0; i < tokens.length; i++) {
            long created = random.nextLong(0, NOW);
            long expires = created + 1 + random.nextLong(0, 10_000_000L);
            tokens[i] = codec.sign(route(random), created, expires);
        }
        return tokens;
    }

    private static String route(SplittableRandom random) {
        return "node" + random.nextInt(1, 100);
    }

    private String forge(Kind kind, String genuine, SplittableRandom random) {
        String[] f = genuine.split("\\.", -1);
        return switch (kind) {
            case RANDOM -> String.join(".", "1", b64(random, 8), route(random), String.valueOf(random.nextLong(0, NOW)),
                    String.valueOf(random.nextLong(NOW, 2 * NOW)), b64(random, 43));
            case BIT_FLIP -> flipBits(genuine, random);
            case TRUNCATE -> genuine.substring(0, random.nextInt(genuine.length()));
            case SWAP_FIELDS -> swapFields(f, random);
            case OTHER_KEY_ID -> join(f, 1, b64(random, 8));
            case OTHER_KEY -> otherKey.sign(f[2], Long.parseLong(f[3]), Long.parseLong(f[4]));
            case OTHER_COOKIE_NAME -> otherName.sign(f[2], Long.parseLong(f[3]), Long.parseLong(f[4]));
            case SPLICE -> {
                String[] g = genuine(random).split("\\.", -1);
                int from = random.nextInt(3, 6);
                String[] mixed = f.clone();
                System.arraycopy(g, from, mixed, from, 6 - from);
                yield String.join(".", mixed);
            }
            case REPLACE_FIELD -> {
                int field = random.nextInt(2, 5);
                String value = field == 2 ? route(random) : String.valueOf(random.nextLong(0, 2 * NOW));
                yield join(f, field, value);
            }
        };
    }

    private static String flipBits(String token, SplittableRandom random) {
        char[] chars = token.toCharArray();
        int flips = 1 + random.nextInt(3);
        for (int n = 0; n < flips; n++) {
            int at = random.nextInt(chars.length);
            chars[at] = (char) (chars[at] ^ (1 << random.nextInt(7)));
        }
        return new String(chars);
    }

    private static String swapFields(String[] f, SplittableRandom random) {
        int a = random.nextInt(1, 6);
        int b = random.nextInt(1, 6);
        if (a == b || f[a].equals(f[b])) {
            a = 3;
            b = 4;
        }
        String[] swapped = f.clone();
        swapped[a] = f[b];
        swapped[b] = f[a];
        return String.join(".", swapped);
    }

    private static String join(String[] f, int field, String value) {
        String[] copy = f.clone();
        copy[field] = value;
        return String.join(".", copy);
    }

    private static String b64(SplittableRandom random, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = B64URL.charAt(random.nextInt(B64URL.length()));
        }
        return new String(chars);
    }

    /** @return whether the text is exactly what the signer writes for the fields it names */
    private boolean isGenuine(String token) {
        String[] f = token.split("\\.", -1);
        if (f.length != 6) {
            return false;
        }
        try {
            return codec.sign(f[2], Long.parseLong(f[3]), Long.parseLong(f[4])).equals(token);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
