package dev.limpet.store.memcached;

import net.rubyeye.xmemcached.transcoders.CachedData;
import net.rubyeye.xmemcached.transcoders.CompressionMode;
import net.rubyeye.xmemcached.transcoders.Transcoder;

/**
 * Stores sealed blobs exactly as given: flags 0, no Java serialization, no compression (the blob is an opaque,
 * MAC'd envelope; xmemcached's default {@code SerializingTranscoder} would compress values over 16 KB and tag
 * them with its own flags). Stateless and thread-safe.
 */
final class RawBytesTranscoder implements Transcoder<byte[]> {

    /** The one instance. */
    static final RawBytesTranscoder INSTANCE = new RawBytesTranscoder();

    private RawBytesTranscoder() {
    }

    @Override
    public CachedData encode(byte[] blob) {
        return new CachedData(0, blob);
    }

    @Override
    public byte[] decode(CachedData data) {
        return data.getData();
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
