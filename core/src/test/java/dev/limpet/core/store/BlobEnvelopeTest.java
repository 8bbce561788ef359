package dev.limpet.core.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.core.keys.KeyPurpose;
import dev.limpet.core.keys.KeyRing;
import dev.limpet.core.keys.MasterSecrets;
import dev.limpet.core.store.UnreadableSessionException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Random;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

class BlobEnvelopeTest {

    private static final String KEY = "limpet:shop:4F2A9C";
    private final KeyRing ring = TestKeys.ring(TestKeys.SECRET_A);
    private final BlobEnvelope envelope = new BlobEnvelope(ring);

    @Test
    void sealThenOpenReturnsThePayload() throws Exception {
        byte[] payload = new byte[2048];
        new Random(1).nextBytes(payload);
        assertArrayEquals(payload, envelope.open(KEY, envelope.seal(KEY, payload)));
        assertArrayEquals(new byte[0], envelope.open(KEY, envelope.seal(KEY, new byte[0])));
    }

    /** Recomputes the documented layout and MAC (docs/session-blob.md) independently, with BouncyCastle. */
    @Test
    void layoutAndMacFollowTheSpecification() {
        byte[] payload = "payload".getBytes(StandardCharsets.US_ASCII);
        byte[] sealed = envelope.seal(KEY, payload);
        String keyId = ring.signingKey().keyId();
        ByteBuffer in = ByteBuffer.wrap(sealed);
        byte[] magic = new byte[4];
        in.get(magic);
        assertArrayEquals("LMPB".getBytes(StandardCharsets.US_ASCII), magic);
        assertEquals(1, in.get());
        assertEquals(0, in.get());
        assertEquals(keyId.length(), in.get());
        byte[] id = new byte[keyId.length()];
        in.get(id);
        assertEquals(keyId, new String(id, StandardCharsets.US_ASCII));
        assertEquals(payload.length, in.getInt());
        int headerBytes = in.position();
        assertEquals(headerBytes + payload.length + 32, sealed.length);

        HMac hmac = new HMac(new SHA256Digest());
        hmac.init(new KeyParameter(ring.signingKey().keyBytes()));
        byte[] bound = KEY.getBytes(StandardCharsets.UTF_8);
        hmac.update(sealed, 0, headerBytes);
        hmac.update((byte) 0);
        hmac.update((byte) bound.length);
        hmac.update(bound, 0, bound.length);
        hmac.update(payload, 0, payload.length);
        byte[] expected = new byte[32];
        hmac.doFinal(expected, 0);
        assertArrayEquals(expected, Arrays.copyOfRange(sealed, sealed.length - 32, sealed.length));
    }

    @Test
    void everySingleBitFlipIsRefused() {
        byte[] sealed = envelope.seal(KEY, "a small session record".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < sealed.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] tampered = sealed.clone();
                tampered[i] ^= (byte) (1 << bit);
                UnreadableSessionException e = assertThrows(UnreadableSessionException.class,
                        () -> envelope.open(KEY, tampered), "byte " + i + " bit " + bit);
                assertTrue(EnumSet.of(Reason.BAD_FORMAT, Reason.UNKNOWN_KEY, Reason.BAD_MAC).contains(e.reason()));
            }
        }
    }

    @Test
    void aBlobMovedToAnotherKeyDoesNotVerify() {
        byte[] sealed = envelope.seal(KEY, new byte[] {1, 2, 3});
        assertEquals(Reason.BAD_MAC, assertThrows(UnreadableSessionException.class,
                () -> envelope.open("limpet:shop:4F2A9D", sealed)).reason());
        assertEquals(Reason.BAD_MAC, assertThrows(UnreadableSessionException.class,
                () -> envelope.open("limpet:other:4F2A9C", sealed)).reason());
    }

    @Test
    void keysRotateWithoutLosingOldBlobs() throws Exception {
        byte[] sealedWithOld = envelope.seal(KEY, new byte[] {7});
        BlobEnvelope rotated = new BlobEnvelope(TestKeys.ring(TestKeys.SECRET_B, TestKeys.SECRET_A));
        assertArrayEquals(new byte[] {7}, rotated.open(KEY, sealedWithOld));
        byte[] sealedWithNew = rotated.seal(KEY, new byte[] {8});
        assertEquals(Reason.UNKNOWN_KEY, assertThrows(UnreadableSessionException.class,
                () -> envelope.open(KEY, sealedWithNew)).reason());
    }

    @Test
    void garbageAndTruncationAreBadFormat() {
        byte[] sealed = envelope.seal(KEY, new byte[100]);
        for (byte[] bad : new byte[][] {new byte[0], "not an envelope at all, just text".getBytes(StandardCharsets.US_ASCII),
                Arrays.copyOf(sealed, sealed.length - 1), Arrays.copyOf(sealed, sealed.length + 1), Arrays.copyOf(sealed, 20)}) {
            assertEquals(Reason.BAD_FORMAT, assertThrows(UnreadableSessionException.class,
                    () -> envelope.open(KEY, bad)).reason());
        }
    }

    @Test
    void onlyTheSessionBlobKeyRingIsAccepted() {
        KeyRing cookieRing = MasterSecrets.parse(TestKeys.SECRET_A, "test").keyRing(KeyPurpose.BACKEND_COOKIE);
        assertThrows(IllegalArgumentException.class, () -> new BlobEnvelope(cookieRing));
    }
}
