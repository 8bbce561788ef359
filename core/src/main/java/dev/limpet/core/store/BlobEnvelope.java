package dev.limpet.core.store;

import dev.limpet.core.keys.DerivedKey;
import dev.limpet.core.keys.KeyPurpose;
import dev.limpet.core.keys.KeyRing;
import dev.limpet.core.store.UnreadableSessionException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals and opens the envelope a store holds for one session (docs/architecture.md §2, "Session blob envelope";
 * byte layout in {@code docs/session-blob.md}):
 *
 * <pre>
 * magic "LMPB" (4) | format version 1 (1) | flags 0 (1) | key id length L (1) | key id (L, ASCII)
 * | payload length N (4, big-endian) | payload (N) | HMAC-SHA256 (32)
 * </pre>
 *
 * The MAC is HMAC-SHA256, keyed with the {@link KeyPurpose#SESSION_BLOB} key named by the key id, over
 * {@code header || u16 length of the bound key || bound key (UTF-8) || payload}. The bound key is the
 * namespaced store key (namespace and route-less session id), so a blob copied to another session id or
 * another application does not verify. {@link #open} compares the MAC in constant time before it returns
 * the payload; nothing in the payload is looked at before that.
 *
 * <p>Immutable and thread-safe (a {@link Mac} prototype per key is cloned for every call).
 */
public final class BlobEnvelope {

    /** The magic bytes {@code "LMPB"} that start every envelope. */
    public static final byte[] MAGIC = {'L', 'M', 'P', 'B'};
    /** The only format version this class writes and reads. */
    public static final int FORMAT_VERSION = 1;
    /** Length of the MAC, bytes. */
    public static final int MAC_BYTES = 32;
    /** Largest payload accepted, bytes (64 MiB): larger lengths are a corrupt header. */
    public static final int MAX_PAYLOAD_BYTES = 64 << 20;

    private static final String HMAC = "HmacSHA256";
    private static final int FIXED_HEADER_BYTES = MAGIC.length + 3;
    private static final int MAX_BOUND_KEY_BYTES = 0xFFFF;

    private final DerivedKey signingKey;
    private final Map<String, Mac> macByKeyId;

    /**
     * @param keyRing the session-blob key ring: its first key signs, every key verifies
     * @throws IllegalArgumentException if the ring is not for {@link KeyPurpose#SESSION_BLOB}
     */
    public BlobEnvelope(KeyRing keyRing) {
        if (keyRing.purpose() != KeyPurpose.SESSION_BLOB) {
            throw new IllegalArgumentException("blob envelope needs the SESSION_BLOB key ring, got [" + keyRing.purpose() + "]");
        }
        this.signingKey = keyRing.signingKey();
        Map<String, Mac> macs = new HashMap<>();
        for (DerivedKey key : keyRing.keys()) {
            macs.put(key.keyId(), newMac(key));
        }
        this.macByKeyId = Map.copyOf(macs);
    }

    /** @return the id of the key that signs new envelopes */
    public String signingKeyId() {
        return signingKey.keyId();
    }

    /**
     * Seals a payload for one bound key.
     *
     * @param boundKey the namespaced store key the blob is written under
     * @param payload  the session record bytes
     * @return the envelope bytes
     * @throws IllegalArgumentException if the payload or bound key is too long
     */
    public byte[] seal(String boundKey, byte[] payload) {
        if (payload.length > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("payload too large [" + payload.length + "] bytes, max [" + MAX_PAYLOAD_BYTES + "]");
        }
        byte[] keyId = signingKey.keyId().getBytes(StandardCharsets.US_ASCII);
        int headerBytes = FIXED_HEADER_BYTES + keyId.length + 4;
        ByteBuffer out = ByteBuffer.allocate(headerBytes + payload.length + MAC_BYTES);
        out.put(MAGIC).put((byte) FORMAT_VERSION).put((byte) 0).put((byte) keyId.length).put(keyId);
        out.putInt(payload.length).put(payload);
        byte[] mac = mac(macByKeyId.get(signingKey.keyId()), out.array(), headerBytes, boundKey, payload.length);
        out.put(mac);
        return out.array();
    }

    /**
     * Verifies an envelope and returns its payload. The header is checked for shape only (magic, version,
     * flags, lengths); the payload is returned only after the MAC matched in constant time.
     *
     * @param boundKey the namespaced store key the blob was read from
     * @param envelope the bytes from the store
     * @return a copy of the payload
     * @throws UnreadableSessionException with {@link Reason#BAD_FORMAT} (not an envelope, other version,
     *                                    unknown flags, inconsistent lengths), {@link Reason#UNKNOWN_KEY} (key id
     *                                    not on the ring) or {@link Reason#BAD_MAC}
     */
    public byte[] open(String boundKey, byte[] envelope) throws UnreadableSessionException {
        int headerBytes = checkHeader(envelope);
        int keyIdLength = envelope[FIXED_HEADER_BYTES - 1] & 0xFF;
        String keyId = new String(envelope, FIXED_HEADER_BYTES, keyIdLength, StandardCharsets.US_ASCII);
        Mac prototype = macByKeyId.get(keyId);
        if (prototype == null) {
            throw new UnreadableSessionException(Reason.UNKNOWN_KEY, "blob signed with a key id not on the key ring", null);
        }
        int payloadLength = envelope.length - headerBytes - MAC_BYTES;
        byte[] expected = mac(prototype, envelope, headerBytes, boundKey, payloadLength);
        byte[] actual = new byte[MAC_BYTES];
        System.arraycopy(envelope, envelope.length - MAC_BYTES, actual, 0, MAC_BYTES);
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new UnreadableSessionException(Reason.BAD_MAC, "blob MAC does not verify for this key", null);
        }
        byte[] payload = new byte[payloadLength];
        System.arraycopy(envelope, headerBytes, payload, 0, payloadLength);
        return payload;
    }

    /** @return the header length; checks magic, version, flags and that the lengths add up exactly */
    private static int checkHeader(byte[] envelope) throws UnreadableSessionException {
        if (envelope.length < FIXED_HEADER_BYTES + 4 + MAC_BYTES) {
            throw badFormat("too short [" + envelope.length + "] bytes");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (envelope[i] != MAGIC[i]) {
                throw badFormat("no envelope magic");
            }
        }
        if (envelope[4] != FORMAT_VERSION) {
            throw badFormat("unsupported envelope version [" + (envelope[4] & 0xFF) + "]");
        }
        if (envelope[5] != 0) {
            throw badFormat("unknown envelope flags [" + (envelope[5] & 0xFF) + "]");
        }
        int keyIdLength = envelope[6] & 0xFF;
        int headerBytes = FIXED_HEADER_BYTES + keyIdLength + 4;
        if (keyIdLength == 0 || envelope.length < headerBytes + MAC_BYTES) {
            throw badFormat("bad key id length [" + keyIdLength + "]");
        }
        long payloadLength = ByteBuffer.wrap(envelope, headerBytes - 4, 4).getInt() & 0xFFFFFFFFL;
        if (payloadLength != envelope.length - headerBytes - MAC_BYTES) {
            throw badFormat("payload length [" + payloadLength + "] does not match envelope length [" + envelope.length + "]");
        }
        return headerBytes;
    }

    private static byte[] mac(Mac prototype, byte[] buffer, int headerBytes, String boundKey, int payloadLength) {
        byte[] bound = boundKey.getBytes(StandardCharsets.UTF_8);
        if (bound.length > MAX_BOUND_KEY_BYTES) {
            throw new IllegalArgumentException("bound key too long [" + bound.length + "] bytes");
        }
        Mac mac = cloneOf(prototype);
        mac.update(buffer, 0, headerBytes);
        mac.update((byte) (bound.length >>> 8));
        mac.update((byte) bound.length);
        mac.update(bound);
        mac.update(buffer, headerBytes, payloadLength);
        return mac.doFinal();
    }

    private static Mac cloneOf(Mac prototype) {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("HmacSHA256 provider does not support clone()", e);
        }
    }

    private static Mac newMac(DerivedKey key) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key.keyBytes(), HMAC));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }

    private static UnreadableSessionException badFormat(String detail) {
        return new UnreadableSessionException(Reason.BAD_FORMAT, "not a readable session blob: " + detail, null);
    }
}
