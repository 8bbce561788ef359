package dev.limpet.router.accesslog;

import dev.limpet.router.config.AccessLogConfig;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes access log lines on its own daemon thread so that request threads never wait for the disk: a request
 * thread only offers an entry to a bounded queue ({@value #QUEUE_CAPACITY} entries); when the queue is full the
 * entry is dropped and counted ({@link #dropped()}), never blocked on. Lines are flushed whenever the queue runs
 * empty. Appends to {@code accessLog.file} (created if missing) or writes to standard output.
 *
 * <p>Thread-safe.
 */
public final class AccessLogWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AccessLogWriter.class);
    static final int QUEUE_CAPACITY = 8192;
    private static final AccessLogEntry STOP = new AccessLogEntry(0, "", "", "", 0, 0, 0, "", "", "", "", "", 0);

    private final BlockingQueue<AccessLogEntry> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final LongAdder dropped = new LongAdder();
    private final Writer out;
    private final boolean json;
    private final boolean closeOut;
    private final Thread thread;

    /**
     * @param config an enabled access log configuration
     * @throws IOException if the file cannot be opened for appending
     */
    public AccessLogWriter(AccessLogConfig config) throws IOException {
        this.json = config.json();
        this.closeOut = config.file() != null;
        this.out = config.file() == null
                ? new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))
                : Files.newBufferedWriter(config.file(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        this.thread = new Thread(this::run, "limpet-access-log");
        thread.setDaemon(true);
        thread.start();
    }

    /** @param entry a request to log; dropped (and counted) when the queue is full */
    void log(AccessLogEntry entry) {
        if (!queue.offer(entry)) {
            dropped.increment();
        }
    }

    /** @return entries dropped because the writer fell behind */
    public long dropped() {
        return dropped.sum();
    }

    private void run() {
        try {
            while (true) {
                AccessLogEntry entry = queue.poll();
                if (entry == null) {
                    out.flush();
                    entry = queue.take();
                }
                if (entry == STOP) {
                    break;
                }
                out.write(json ? entry.json() : entry.text());
                out.write('\n');
            }
            out.flush();
        } catch (IOException e) {
            LOG.error("access log stopped: cannot write [{}]", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes what is queued (waiting up to 2 s), then closes the file (standard output is only flushed). */
    @Override
    public void close() {
        try {
            if (!queue.offer(STOP, 2, TimeUnit.SECONDS)) {
                thread.interrupt();
            }
            thread.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (closeOut) {
                out.close();
            } else {
                out.flush();
            }
        } catch (IOException e) {
            LOG.warn("cannot close the access log [{}]", e.toString());
        }
    }
}
