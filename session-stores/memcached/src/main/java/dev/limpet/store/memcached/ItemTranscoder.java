package dev.limpet.store.memcached;

import net.rubyeye.xmemcached.transcoders.CachedData;
import net.rubyeye.xmemcached.transcoders.CompressionMode;
import net.rubyeye.xmemcached.transcoders.Transcoder;

/**
 * Stores sealed blobs exactly as given, with the item's flags taken from and returned in a {@link MemcachedItem}: no
 * Java serialization, no compression (the blob is an opaque, MAC'd envelope; xmemcached's default
 * {@code SerializingTranscoder} would compress values over 16 KB and use the flags for its own type marks). The
 * flags carry the store's {@link CopyTags}. Stateless and thread-safe.
 */
final class ItemTranscoder implements Transcoder<MemcachedItem> {

    /** The one instance. */
    static final ItemTranscoder INSTANCE = new ItemTranscoder();

    private ItemTranscoder() {
    }

    @Override
    public CachedData encode(MemcachedItem item) {
        return new CachedData(item.flags(), item.value());
    }

    @Override
    public MemcachedItem decode(CachedData data) {
        return new MemcachedItem(data.getData(), data.getFlag());
    }

    @Override
    public void setPrimitiveAsString(boolean primitiveAsString) {
        // not applicable: values are byte arrays
    }

    @Override
    public void setPackZeros(boolean packZeros) {
        // not applicable: values are byte arrays
    }

    @Override
    public void setCompressionThreshold(int compressionThreshold) {
        // never compresses: sealed blobs are opaque
    }

    @Override
    public boolean isPrimitiveAsString() {
        return false;
    }

    @Override
    public boolean isPackZeros() {
        return false;
    }

    @Override
    public void setCompressionMode(CompressionMode compressionMode) {
        // never compresses: sealed blobs are opaque
    }
}
