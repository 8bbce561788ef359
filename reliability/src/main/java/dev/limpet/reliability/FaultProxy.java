package dev.limpet.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A fault-injecting TCP proxy on a free loopback port in front of one loopback target, for the network faults of
 * docs/reliability.md (Toxiproxy is in neither Debian nor Maven Central as a server). Blocking I/O, two daemon
 * threads per connection. Faults, one at a time, until {@link #heal()}:
 * <ul>
 *   <li>{@link #latency(int)}: every chunk of bytes, either way, waits that many milliseconds before it is
 *       forwarded (Toxiproxy's {@code latency} toxic);</li>
 *   <li>{@link #reset()}: every open connection is reset (RST, {@code SO_LINGER 0}) and new ones are reset as soon as
 *       they are accepted — a link whose packets are dropped until connections fail (Toxiproxy's
 *       {@code reset_peer});</li>
 *   <li>{@link #stall()}: connections stay open but no byte is forwarded either way; new connections are accepted
 *       and stall too; what was held is delivered at {@link #heal()} (Toxiproxy's {@code timeout} with no timeout) —
 *       a hung peer or a partition that TCP rides out.</li>
 * </ul>
 * Thread-safe.
 */
final class FaultProxy implements AutoCloseable {

    private enum Fault { NONE, LATENCY, RESET, STALL }

    private final String name;
    private final int targetPort;
    private final ServerSocket listener;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fault-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Object healed = new Object();
    private volatile Fault fault = Fault.NONE;
    private volatile int latencyMillis;

    /**
     * Listens at once on a free loopback port.
     *
     * @param name       for the thread names and messages, e.g. {@code router->node1}
     * @param targetPort the loopback port connections are forwarded to
     */
    FaultProxy(String name, int targetPort) throws IOException {
        this.name = name;
        this.targetPort = targetPort;
        this.listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        threads.execute(this::acceptLoop);
    }

    /** @return the loopback port clients connect to */
    int port() {
        return listener.getLocalPort();
    }

    /** @return e.g. {@code router->node1} */
    String name() {
        return name;
    }

    /** Delays every forwarded chunk by {@code millis}, either way. */
    void latency(int millis) {
        latencyMillis = millis;
        fault = Fault.LATENCY;
    }

    /** Resets every connection, and every new one, until {@link #heal()}. */
    void reset() {
        fault = Fault.RESET;
        for (Socket socket : open) {
            abort(socket);
        }
    }

    /** Forwards nothing, either way, until {@link #heal()}. */
    void stall() {
        fault = Fault.STALL;
    }

    /** Ends the fault: held bytes flow again, new connections are forwarded. */
    void heal() {
        synchronized (healed) {
            fault = Fault.NONE;
            healed.notifyAll();
        }
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (fault == Fault.RESET) {
                    abort(client);
                    continue;
                }
                open.add(client);
                threads.execute(() -> connect(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void connect(Socket client) {
        Socket target = new Socket();
        try {
            awaitNoStall();
            target.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5000);
            client.setTcpNoDelay(true);
            target.setTcpNoDelay(true);
            open.add(target);
            threads.execute(() -> pump(target, client));
            pump(client, target);
        } catch (IOException | InterruptedException e) {
            abort(client);
            abort(target);
        }
    }

    /** Copies {@code from} to {@code to} until either ends, applying the current fault; then closes both. */
    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                awaitNoStall();
                if (fault == Fault.LATENCY) {
                    Thread.sleep(latencyMillis);
                }
                if (fault == Fault.RESET) {
                    break;
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // one side ended or was reset: end the other
        } finally {
            if (fault == Fault.RESET) {
                abort(from);
                abort(to);
            } else {
                close(from);
                close(to);
            }
        }
    }

    private void awaitNoStall() throws InterruptedException {
        synchronized (healed) {
            while (fault == Fault.STALL) {
                healed.wait();
            }
        }
    }

    private void abort(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // already closed
        }
        close(socket);
    }

    private void close(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // nothing more to do
        }
    }

    @Override
    public void close() throws IOException {
        heal();
        listener.close();
        open.forEach(this::close);
        threads.shutdownNow();
    }
}
