package dev.limpet.store.redis;

import dev.limpet.core.store.StoreUnavailableException;
import dev.limpet.core.store.VersionConflictException;
import dev.limpet.core.store.spi.StoreBackend;
import dev.limpet.core.store.spi.StoredBlob;
import dev.limpet.core.store.spi.StoredVersion;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * A {@link StoreBackend} on Redis. Each session is one string value: its version as 8 bytes big-endian, then
 * the sealed blob. Round trips: get = 1 ({@code GET}); put = 1 ({@code EVALSHA} of {@link #PUT_SCRIPT}, which
 * reads the stored version with {@code GETRANGE 0 7}, compares it and writes with {@code SET … PX} atomically on
 * the server; a second one, {@code EVAL}, only when the server's script cache lacks the script); version = 1
 * ({@code GETRANGE 0 8}, at most 9 bytes back); touch = 1
 * ({@code PEXPIRE}); remove = 1 ({@code DEL}). Every jedis failure becomes {@link StoreUnavailableException}.
 *
 * <p>A pooled connection that a server restart left broken fails at once; the idempotent commands (GET,
 * PEXPIRE, DEL) are then retried once on a fresh connection if the failure came within a quarter of the
 * operation timeout, so a restart costs no failed request and a dead or hung server still fails within about the
 * operation timeout. The versioned put is not retried: its first attempt may have been applied. A value shorter
 * than the 8-byte version is returned with version 0, and the blob check above reports it as unreadable.
 * Thread-safe (the jedis client is pooled).
 */
public final class RedisStoreBackend implements StoreBackend {

    /**
     * The versioned put. KEYS[1] the key; ARGV[1] the blob, ARGV[2] the expected version (-1 any, 0 new only),
     * ARGV[3] the time to live in milliseconds. Returns the new version, or {@code -1 - current} on a conflict.
     * Versions stay below 2^53 (Lua numbers are doubles).
     */
    static final String PUT_SCRIPT = """
            local head = redis.call('GETRANGE', KEYS[1], 0, 7)
            local current = 0
            if #head == 8 then
              for i = 1, 8 do current = current * 256 + string.byte(head, i) end
            end
            local expected = tonumber(ARGV[2])
            if expected >= 0 and expected ~= current then return -1 - current end
            local nextVersion = current + 1
            local bytes = {}
            local v = nextVersion
            for i = 8, 1, -1 do bytes[i] = string.char(v % 256); v = math.floor(v / 256) end
            redis.call('SET', KEYS[1], table.concat(bytes) .. ARGV[1], 'PX', ARGV[3])
            return nextVersion
            """;

    private static final int VERSION_BYTES = 8;
    private static final byte[] SCRIPT = PUT_SCRIPT.getBytes(StandardCharsets.UTF_8);
    private static final byte[] SCRIPT_SHA1 = sha1Hex(SCRIPT);

    private final UnifiedJedis jedis;
    private final String description;
    private final long retryWindowNanos;

    /**
     * @param jedis                  a pooled client (standalone, Sentinel or Cluster); this backend closes it
     * @param description            the server list without credentials, for messages
     * @param operationTimeoutMillis the store's operation timeout, milliseconds
     */
    public RedisStoreBackend(UnifiedJedis jedis, String description, long operationTimeoutMillis) {
        this.jedis = jedis;
        this.description = description;
        this.retryWindowNanos = operationTimeoutMillis * 250_000L;
    }

    @Override
    public Optional<StoredBlob> get(String key) throws StoreUnavailableException {
        byte[] value = idempotent("GET", () -> jedis.get(bytes(key)));
        if (value == null) {
            return Optional.empty();
        }
        if (value.length < VERSION_BYTES) {
            return Optional.of(new StoredBlob(value, 0));
        }
        long version = ByteBuffer.wrap(value, 0, VERSION_BYTES).getLong();
        return Optional.of(new StoredBlob(Arrays.copyOfRange(value, VERSION_BYTES, value.length), version));
    }

    /** One {@code GETRANGE key 0 8}: the 8-byte version and, if the entry is not a tombstone, one byte more. */
    @Override
    public Optional<StoredVersion> version(String key) throws StoreUnavailableException {
        byte[] head = idempotent("GETRANGE", () -> jedis.getrange(bytes(key), 0, VERSION_BYTES));
        if (head == null || head.length == 0) {
            return Optional.empty();
        }
        if (head.length < VERSION_BYTES) {
            return Optional.of(new StoredVersion(0, false));
        }
        return Optional.of(new StoredVersion(ByteBuffer.wrap(head, 0, VERSION_BYTES).getLong(),
                head.length == VERSION_BYTES));
    }

    @Override
    public long put(String key, byte[] blob, long expectedVersion, long ttlMillis)
            throws VersionConflictException, StoreUnavailableException {
        List<byte[]> keys = List.of(bytes(key));
        List<byte[]> args = List.of(blob, bytes(Long.toString(expectedVersion)), bytes(Long.toString(ttlMillis)));
        Object result;
        try {
            try {
                result = jedis.evalsha(SCRIPT_SHA1, keys, args);
            } catch (JedisNoScriptException e) {
                result = jedis.eval(SCRIPT, keys, args);
            }
        } catch (JedisException e) {
            throw unavailable("EVALSHA", e);
        }
        long version = (Long) result;
        if (version < 0) {
            throw new VersionConflictException("stored version [" + (-1 - version) + "] is not the expected one",
                    expectedVersion);
        }
        return version;
    }

    @Override
    public boolean touch(String key, long ttlMillis) throws StoreUnavailableException {
        return idempotent("PEXPIRE", () -> jedis.pexpire(bytes(key), ttlMillis)) == 1;
    }

    @Override
    public void remove(String key) throws StoreUnavailableException {
        idempotent("DEL", () -> jedis.del(bytes(key)));
    }

    @Override
    public void close() {
        try {
            jedis.close();
        } catch (JedisException e) {
            // closing a pool whose server is gone: nothing left to release
        }
    }

    @Override
    public String toString() {
        return "RedisStoreBackend[" + description + "]";
    }

    private <T> T idempotent(String command, Supplier<T> call) throws StoreUnavailableException {
        long start = System.nanoTime();
        try {
            return call.get();
        } catch (JedisConnectionException first) {
            if (System.nanoTime() - start > retryWindowNanos) {
                throw unavailable(command, first);
            }
            try {
                return call.get();
            } catch (JedisException second) {
                second.addSuppressed(first);
                throw unavailable(command, second);
            }
        } catch (JedisException e) {
            throw unavailable(command, e);
        }
    }

    private StoreUnavailableException unavailable(String command, JedisException e) {
        return new StoreUnavailableException("Redis " + command + " on [" + description + "] failed: " + e.getMessage(), e);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] sha1Hex(byte[] script) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(script);
            return bytes(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available in this JDK", e);
        }
    }
}
