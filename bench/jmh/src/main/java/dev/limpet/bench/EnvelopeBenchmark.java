package dev.limpet.bench;

import dev.limpet.core.store.BlobEnvelope;
import dev.limpet.core.store.UnreadableSessionException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** {@link BlobEnvelope} seal (HMAC-SHA256 and copy) and open (shape check, constant-time MAC check, copy). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EnvelopeBenchmark {

    private static final String KEY = "limpet:bench:" + BenchSessions.SESSION_ID;

    /** Payload size, bytes. */
    @Param({"2048", "51200"})
    public int sizeBytes;

    private BlobEnvelope envelope;
    private byte[] payload;
    private byte[] sealed;

    /** Builds the envelope and one sealed blob. */
    @Setup
    public void setUp() {
        envelope = new BlobEnvelope(BenchSessions.keyRing());
        payload = new byte[sizeBytes];
        new Random(1).nextBytes(payload);
        sealed = envelope.seal(KEY, payload);
    }

    /** @return a sealed envelope */
    @Benchmark
    public byte[] seal() {
        return envelope.seal(KEY, payload);
    }

    /** @return the verified payload */
    @Benchmark
    public byte[] open() throws UnreadableSessionException {
        return envelope.open(KEY, sealed);
    }
}
