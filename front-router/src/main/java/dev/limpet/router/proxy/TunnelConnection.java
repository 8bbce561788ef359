package dev.limpet.router.proxy;

import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * One direction of an {@link UpgradeTunnel}: installed on one side's {@link EndPoint} after the {@code 101}, it
 * reads that side and writes what it read to the other side's endpoint. Back-pressure: the next read waits until
 * the previous write completed, so a slow reader on one side stops the router reading the other (at most
 * {@code bufferBytes} are held per direction). An end of input is passed on as a half-close (the other side's
 * output is shut down); the tunnel closes once both directions ended, or at once on any failure or idle timeout.
 *
 * <p>Bytes the previous connection had already read past the {@code 101} exchange (RFC 9110 §7.8: the new
 * protocol starts right after it) arrive through {@link #onUpgradeTo} and are written first.
 *
 * <p>Jetty calls {@link #onFillable} for one read at a time; the write callback re-arms the read interest.
 */
final class TunnelConnection extends AbstractConnection implements Connection.UpgradeTo {

    private final UpgradeTunnel tunnel;
    private final ByteBuffer buffer;
    private final Callback written = Callback.from(this::fillInterested, this::fail);
    private TunnelConnection peer;
    private ByteBuffer prefilled;
    private volatile boolean inputEnded;

    TunnelConnection(EndPoint endPoint, Executor executor, UpgradeTunnel tunnel, int bufferBytes) {
        super(endPoint, executor);
        this.tunnel = tunnel;
        this.buffer = BufferUtil.allocate(bufferBytes);
    }

    void peer(TunnelConnection peer) {
        this.peer = peer;
    }

    @Override
    public void onUpgradeTo(ByteBuffer remaining) {
        if (BufferUtil.hasContent(remaining)) {
            prefilled = BufferUtil.copy(remaining);
        }
    }

    @Override
    public void onOpen() {
        super.onOpen();
        tunnel.opened();
    }

    /** Starts this direction: first the bytes already read past the upgrade, then the reads. */
    void start() {
        ByteBuffer first = prefilled;
        prefilled = null;
        if (first != null) {
            peer.getEndPoint().write(written, first);
        } else {
            fillInterested();
        }
    }

    @Override
    public void onFillable() {
        try {
            BufferUtil.clear(buffer);
            int read = getEndPoint().fill(buffer);
            if (read > 0) {
                peer.getEndPoint().write(written, buffer);
            } else if (read == 0) {
                fillInterested();
            } else {
                inputEnded = true;
                tunnel.inputEnded(this);
            }
        } catch (Throwable failure) {
            fail(failure);
        }
    }

    boolean isInputEnded() {
        return inputEnded;
    }

    private void fail(Throwable failure) {
        tunnel.close();
    }

    @Override
    public void onClose(Throwable cause) {
        super.onClose(cause);
        tunnel.close();
    }
}
