package dev.limpet.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The response the application sees in synchronous backup mode: it runs a hook once, just <b>before</b> the
 * response is first committed by the application — an explicit flush ({@code flushBuffer}, or {@code flush} /
 * {@code close} of its stream or writer, {@code sendError}, {@code sendRedirect}), or a write that would overflow
 * the response buffer (the container then
 * commits on its own). The hook writes the session, so a streamed response is never seen by the client before
 * its session state is stored. Modelled on Spring Session's {@code OnCommittedResponseWrapper}, which does the
 * same for {@code SessionRepositoryFilter}. Written characters are counted as bytes (an overestimate for
 * multi-byte encodings: the hook may run a little early, never late).
 *
 * <p>The hook runs at most once and not after {@link #disarm()} (the request's valve has returned: an
 * asynchronous request writing later is backed up at its next request). Responses committed otherwise
 * (an error page rendered by the container) are committed after the valve or filter, which writes the session first.
 * Thread-safe for the hook; the wrapped stream and writer are as thread-safe as the container's.
 */
public final class CommitHookResponse extends HttpServletResponseWrapper {

    private final Runnable hook;
    private final AtomicBoolean fired = new AtomicBoolean();
    private volatile boolean disarmed;
    private long written;
    private ServletOutputStream stream;
    private PrintWriter writer;

    /**
     * @param response the application's response (the container's facade)
     * @param hook     what to run before the first commit: writes the session; must not throw
     */
    public CommitHookResponse(HttpServletResponse response, Runnable hook) {
        super(response);
        this.hook = hook;
    }

    /** The request's valve (or filter) returned: the hook never runs from now on. */
    public void disarm() {
        disarmed = true;
    }

    private void beforeCommit() {
        if (!disarmed && !fired.get() && !getResponse().isCommitted() && fired.compareAndSet(false, true)) {
            hook.run();
        }
    }

    private void counted(long length) {
        written += length;
        if (written >= getBufferSize()) {
            beforeCommit();
        }
    }

    @Override
    public void sendError(int status, String message) throws IOException {
        beforeCommit();
        super.sendError(status, message);
    }

    @Override
    public void sendError(int status) throws IOException {
        beforeCommit();
        super.sendError(status);
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        beforeCommit();
        super.sendRedirect(location);
    }

    @Override
    public void flushBuffer() throws IOException {
        beforeCommit();
        super.flushBuffer();
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (stream == null) {
            stream = new HookedStream(super.getOutputStream());
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            writer = new PrintWriter(new HookedWriter(super.getWriter()));
        }
        return writer;
    }

    @Override
    public void reset() {
        super.reset();
        written = 0;
    }

    @Override
    public void resetBuffer() {
        super.resetBuffer();
        written = 0;
    }

    /** The container's stream, with the hook before the first flush, close or buffer overflow. */
    private final class HookedStream extends ServletOutputStream {
        private final ServletOutputStream out;

        HookedStream(ServletOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            counted(1);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            counted(len);
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            beforeCommit();
            out.flush();
        }

        @Override
        public void close() throws IOException {
            beforeCommit();
            out.close();
        }

        @Override
        public boolean isReady() {
            return out.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            out.setWriteListener(listener);
        }
    }

    /** The container's writer, with the hook before the first flush, close or buffer overflow. */
    private final class HookedWriter extends Writer {
        private final PrintWriter out;

        HookedWriter(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void write(char[] chars, int off, int len) {
            counted(len);
            out.write(chars, off, len);
        }

        @Override
        public void write(String text, int off, int len) {
            counted(len);
            out.write(text, off, len);
        }

        @Override
        public void write(int c) {
            counted(1);
            out.write(c);
        }

        @Override
        public void flush() {
            beforeCommit();
            out.flush();
        }

        @Override
        public void close() {
            beforeCommit();
            out.close();
        }
    }
}
