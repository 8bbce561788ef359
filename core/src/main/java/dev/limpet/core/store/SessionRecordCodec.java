package dev.limpet.core.store;

import dev.limpet.core.store.UnreadableSessionException.Reason;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Encodes the envelope payload: the session record (layout in {@code docs/session-blob.md}).
 *
 * <pre>
 * record version 1 (1) | creationTimeMillis (8) | lastAccessedTimeMillis (8) | maxInactiveSeconds (4)
 * | route length R (1) | route (R, ASCII) | attributes length A (4) | serialized attributes (A)
 * </pre>
 *
 * All integers big-endian, signed. Only ever decoded after the envelope MAC verified. Stateless.
 */
final class SessionRecordCodec {

    static final int RECORD_VERSION = 1;
    private static final int FIXED_BYTES = 1 + 8 + 8 + 4 + 1 + 4;

    private SessionRecordCodec() {
    }

    /** A decoded record: metadata and the still-serialized attributes. */
    record Decoded(SessionMetadata metadata, byte[] serializedAttributes) {
    }

    static byte[] encode(SessionMetadata metadata, byte[] serializedAttributes) {
        byte[] route = metadata.lastRoute().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer out = ByteBuffer.allocate(FIXED_BYTES + route.length + serializedAttributes.length);
        out.put((byte) RECORD_VERSION)
                .putLong(metadata.creationTimeMillis())
                .putLong(metadata.lastAccessedTimeMillis())
                .putInt(metadata.maxInactiveSeconds())
                .put((byte) route.length).put(route)
                .putInt(serializedAttributes.length).put(serializedAttributes);
        return out.array();
    }

    static Decoded decode(byte[] payload) throws UnreadableSessionException {
        try {
            ByteBuffer in = ByteBuffer.wrap(payload);
            int version = in.get() & 0xFF;
            if (version != RECORD_VERSION) {
                throw badRecord("unsupported record version [" + version + "]", null);
            }
            long creation = in.getLong();
            long lastAccessed = in.getLong();
            int maxInactive = in.getInt();
            byte[] route = new byte[in.get() & 0xFF];
            in.get(route);
            int attributesLength = in.getInt();
            if (attributesLength != in.remaining()) {
                throw badRecord("attribute length [" + attributesLength + "] does not match record", null);
            }
            byte[] attributes = new byte[attributesLength];
            in.get(attributes);
            SessionMetadata metadata = new SessionMetadata(creation, lastAccessed, maxInactive,
                    new String(route, StandardCharsets.US_ASCII));
            return new Decoded(metadata, attributes);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw badRecord("truncated or invalid session record", e);
        }
    }

    private static UnreadableSessionException badRecord(String detail, Throwable cause) {
        return new UnreadableSessionException(Reason.BAD_FORMAT, detail, cause);
    }
}
