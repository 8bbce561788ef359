package dev.limpet.core.store;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * The byte sink of {@link SessionSerializer}, one per thread and reused: serializing a session for its hash
 * needs no new array, and a copy is made only of bytes that are kept ({@link #toByteArray}). A buffer that grew
 * beyond {@value #MAX_RETAINED_BYTES} bytes is dropped after use, so a thread keeps at most that much for a
 * rare large session. An attribute whose own {@code writeObject} serializes another session on the same thread
 * gets a fresh buffer (the thread's is in use). Holds only bytes (a JDK type): never pins a webapp's classes.
 *
 * <p>Not thread-safe: used by the thread that acquired it, between {@link #acquire} and {@link #release}.
 */
final class SerializationBuffer extends OutputStream {

    /** Largest buffer kept for the thread's next use, bytes. */
    static final int MAX_RETAINED_BYTES = 64 * 1024;

    private static final ThreadLocal<SerializationBuffer> CURRENT = ThreadLocal.withInitial(SerializationBuffer::new);

    private byte[] bytes = new byte[1024];
    private int size;
    private boolean inUse;

    private SerializationBuffer() {
    }

    /** @return this thread's buffer, empty; or a fresh one if this thread's is in use */
    static SerializationBuffer acquire() {
        SerializationBuffer buffer = CURRENT.get();
        if (buffer.inUse) {
            return new SerializationBuffer();
        }
        buffer.inUse = true;
        return buffer;
    }

    /** Empties the buffer for the thread's next use, or drops it if it grew too large. */
    void release() {
        size = 0;
        inUse = false;
        if (bytes.length > MAX_RETAINED_BYTES && CURRENT.get() == this) {
            CURRENT.remove();
        }
    }

    @Override
    public void write(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] source, int offset, int length) {
        ensure(length);
        System.arraycopy(source, offset, bytes, size, length);
        size += length;
    }

    private void ensure(int more) {
        if (more > bytes.length - size) {
            bytes = Arrays.copyOf(bytes, Math.max(size + more, bytes.length * 2));
        }
    }

    /** @return the hash of the bytes written since {@link #acquire} */
    AttributesHash hash() {
        return AttributesHash.of(bytes, 0, size);
    }

    /** @return a copy of the bytes written since {@link #acquire} */
    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }
}
