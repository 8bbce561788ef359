package dev.limpet.core.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.limpet.core.store.UnreadableSessionException.Reason;
import dev.limpet.core.store.memory.MemoryStoreBackend;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Fuzzes the session blob: the envelope with bytes as a store could hand them back (the unkeyed path: the
 * fuzzer does not hold the key), the session record and attributes behind a valid MAC (the keyed path: the
 * test seals the fuzzer's bytes so they get past the MAC), and {@link SessionStore#load} over raw store
 * entries (docs/fuzzing.md). Contract: only {@link UnreadableSessionException}, never another exception; an
 * envelope opens only if it is byte for byte what the signer seals; a decoded record encodes back to itself.
 */
class BlobEnvelopeFuzzTest {

    /** Seeds in the inputs directories are sealed with {@link TestKeys#SECRET_A} for this bound key. */
    static final String BOUND_KEY = "limpet:fuzz:SESSION0123456789";
    static final String SESSION_ID = "SESSION0123456789";

    private static final BlobEnvelope ENVELOPE = new BlobEnvelope(TestKeys.ring(TestKeys.SECRET_A));
    private static final BlobEnvelope OTHER_KEY = new BlobEnvelope(TestKeys.ring(TestKeys.SECRET_B));
    private static final SessionSerializer SERIALIZER = SessionSerializer.builder().build();
    private static final Set<Reason> ENVELOPE_REASONS = EnumSet.of(Reason.BAD_FORMAT, Reason.UNKNOWN_KEY, Reason.BAD_MAC);

    @FuzzTest(maxDuration = "10m")
    void envelopeOpensOnlyWhatTheSignerSealed(byte[] envelope) {
        byte[] payload;
        try {
            payload = ENVELOPE.open(BOUND_KEY, envelope);
        } catch (UnreadableSessionException e) {
            assertTrue(ENVELOPE_REASONS.contains(e.reason()), e.reason().toString());
            return;
        }
        assertArrayEquals(ENVELOPE.seal(BOUND_KEY, payload), envelope, "opened an envelope the signer did not seal");
        UnreadableSessionException other = assertThrows(UnreadableSessionException.class,
                () -> ENVELOPE.open(BOUND_KEY + "x", envelope));
        assertEquals(Reason.BAD_MAC, other.reason());
        assertThrows(UnreadableSessionException.class, () -> OTHER_KEY.open(BOUND_KEY, envelope));
    }

    @FuzzTest(maxDuration = "10m")
    void recordBehindAValidMacDecodesOrIsRefused(byte[] payload) throws UnreadableSessionException {
        byte[] opened = ENVELOPE.open(BOUND_KEY, ENVELOPE.seal(BOUND_KEY, payload));
        assertArrayEquals(payload, opened);
        SessionRecordCodec.Decoded record;
        try {
            record = SessionRecordCodec.decode(opened);
        } catch (UnreadableSessionException e) {
            assertEquals(Reason.BAD_FORMAT, e.reason());
            return;
        }
        assertArrayEquals(payload, SessionRecordCodec.encode(record.metadata(), record.serializedAttributes()));
        try {
            Map<String, Object> attributes = SERIALIZER.deserialize(record.serializedAttributes());
            assertNotNull(attributes);
        } catch (UnreadableSessionException e) {
            assertTrue(e.reason() == Reason.REJECTED_BY_FILTER || e.reason() == Reason.DESERIALIZATION_FAILED,
                    e.reason().toString());
        }
    }

    @FuzzTest(maxDuration = "10m")
    void storeLoadsARawEntryOrRefusesIt(byte[] entry) throws Exception {
        MemoryStoreBackend backend = new MemoryStoreBackend();
        try (SessionStore store = SessionStore.of(backend, "fuzz", TestKeys.ring(TestKeys.SECRET_A), SERIALIZER)) {
            String key = store.key(SESSION_ID);
            backend.put(key, entry, SessionStore.NEW_ONLY, 60_000);
            Optional<StoredSession> loaded;
            try {
                loaded = store.load(SESSION_ID);
            } catch (UnreadableSessionException e) {
                assertEquals(SealedEntries.deletesUnreadable(e.reason()), backend.get(key).isEmpty(), e.reason().toString());
                return;
            }
            if (entry.length == 0) { // a zero-byte entry is a tombstone (a logged-out session): absent, kept
                assertTrue(loaded.isEmpty());
                assertEquals(0, backend.get(key).orElseThrow().blob().length);
                return;
            }
            assertTrue(loaded.isPresent());
            assertArrayEquals(entry, backend.get(key).orElseThrow().blob());
            assertFalse(loaded.get().attributes() == null);
        }
    }
}
