package dev.limpet.core.store;

import dev.limpet.core.keys.KeyRing;
import dev.limpet.core.store.spi.StoreBackend;
import dev.limpet.core.store.spi.StoredBlob;
import java.lang.System.Logger.Level;
import java.util.Map;

/**
 * The store entries of one application's sessions as {@link SessionStore} writes and reads them: a session's
 * metadata and attribute bytes ({@link SessionRecordCodec}) sealed into a blob bound to its store key
 * ({@link BlobEnvelope}), and a stored blob verified, then its attributes read back ({@link SessionSerializer}).
 *
 * <p>An entry that must not be used is counted ({@link StoreStats#unreadable}), logged and reported as
 * {@link UnreadableSessionException}; one that fails the format, the MAC or the class filter (tampered or
 * poisoned) is also deleted, one signed with a key id this node does not know yet or naming a class it cannot
 * load is left for a node that can read it ({@link #deletesUnreadable}).
 *
 * <p>Thread-safe, as its parts.
 */
final class SealedEntries {

    private static final System.Logger LOG = System.getLogger(SessionStore.class.getName());

    private final StoreBackend backend;
    private final String namespace;
    private final BlobEnvelope envelope;
    private final SessionSerializer serializer;
    private final StoreStats stats;

    /**
     * @param backend    where unreadable entries are deleted
     * @param namespace  the application's key namespace, for log messages
     * @param keyRing    the session-blob key ring
     * @param serializer reads attributes with the webapp class loader and the class filter
     * @param stats      the store's counters
     * @throws IllegalArgumentException if the key ring is invalid
     */
    SealedEntries(StoreBackend backend, String namespace, KeyRing keyRing, SessionSerializer serializer,
                  StoreStats stats) {
        this.backend = backend;
        this.namespace = namespace;
        this.envelope = new BlobEnvelope(keyRing);
        this.serializer = serializer;
        this.stats = stats;
    }

    /** @return the serializer attributes are read with */
    SessionSerializer serializer() {
        return serializer;
    }

    /**
     * @param key                  the store key the blob is bound to
     * @param metadata             times, idle timeout, route of the writing node
     * @param serializedAttributes bytes from {@link SessionSerializer#serialize}
     * @return the sealed blob to store under {@code key}
     */
    byte[] seal(String key, SessionMetadata metadata, byte[] serializedAttributes) {
        return envelope.seal(key, SessionRecordCodec.encode(metadata, serializedAttributes));
    }

    /**
     * Verifies and reads a stored entry.
     *
     * @param sessionId the route-less session id
     * @param key       its store key
     * @param blob      the entry read under {@code key}, not a tombstone
     * @return the verified, deserialized session
     * @throws UnreadableSessionException if the entry must not be used (deleted when tampered or poisoned)
     */
    StoredSession open(String sessionId, String key, StoredBlob blob) throws UnreadableSessionException {
        try {
            byte[] payload = envelope.open(key, blob.blob());
            SessionRecordCodec.Decoded record = SessionRecordCodec.decode(payload);
            Map<String, Object> attributes = serializer.deserialize(record.serializedAttributes());
            return new StoredSession(sessionId, record.metadata(), attributes, blob.version(),
                    AttributesHash.of(record.serializedAttributes()));
        } catch (UnreadableSessionException e) {
            stats.countUnreadable();
            boolean delete = deletesUnreadable(e.reason());
            LOG.log(Level.WARNING, "unreadable session [{0}] in namespace [{1}]: [{2}] {3}; {4}",
                    SessionIds.logHint(sessionId), namespace, e.reason(), e.getMessage(),
                    delete ? "deleting it" : "leaving it for a node that can read it");
            LOG.log(Level.DEBUG, "cause of the unreadable session", e.getCause());
            if (delete) {
                removeUnreadable(key);
            }
            throw e;
        }
    }

    /**
     * @return whether an entry unreadable for this reason is deleted: tampered or poisoned entries are; one
     *         written by a node with a newer key ring or application version is not
     */
    static boolean deletesUnreadable(UnreadableSessionException.Reason reason) {
        return switch (reason) {
            case BAD_FORMAT, BAD_MAC, REJECTED_BY_FILTER -> true;
            case UNKNOWN_KEY, DESERIALIZATION_FAILED -> false;
        };
    }

    private void removeUnreadable(String key) {
        try {
            backend.remove(key);
        } catch (StoreUnavailableException | RuntimeException e) {
            stats.countError();
            LOG.log(Level.WARNING, "could not delete an unreadable session in namespace [" + namespace + "]", e);
        }
    }
}
