package dev.limpet.store.testkit;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects what a {@code java.util.logging} logger (and its children) logs while it is open — what Tomcat's JULI
 * and the JDK's {@code System.Logger} write, i.e. what an administrator reads in {@code catalina.out}. Each entry is
 * the raw message, followed by the stack trace of its exception if any. Thread-safe.
 */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record.getMessage() + stackTrace(record.getThrown()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** @param loggerName the logger to listen to; {@code ""} for every logger */
    public LogCapture(String loggerName) {
        this.logger = Logger.getLogger(loggerName);
        logger.addHandler(handler);
    }

    /** @return the entries so far, oldest first (a live, thread-safe view) */
    public List<String> lines() {
        return lines;
    }

    /** Adds an entry by hand, e.g. an exception a test caught. */
    public void add(Throwable thrown) {
        lines.add(stackTrace(thrown));
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }

    private static String stackTrace(Throwable thrown) {
        if (thrown == null) {
            return "";
        }
        StringWriter text = new StringWriter();
        thrown.printStackTrace(new PrintWriter(text));
        return "\n" + text;
    }
}
