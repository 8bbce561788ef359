package dev.limpet.router;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow and greedy clients against the router over real sockets: headers sent a line at a time (slowloris) are cut
 * at {@code requestHeaderTimeoutMillis} although each line keeps the connection from being idle; a request body
 * dribbled below {@code minRequestBodyBytesPerSecond} fails and frees its node connection; connections beyond
 * {@code maxConnectionsPerClient} are closed on arrival. Normal clients are served throughout.
 */
class SlowClientIT {

    @TempDir
    Path dir;

    private RouterFixture fx;
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Socket s : sockets) {
            s.close();
        }
        if (fx != null) {
            fx.close();
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", fx.router.port());
        s.setSoTimeout(100);
        sockets.add(s);
        return s;
    }

    /** @return whether the router closed the connection (EOF or reset) */
    private static boolean closedByRouter(Socket s) {
        return endedOrAnswered(s, false);
    }

    /** @return whether the router closed the connection or, with {@code answerCounts}, sent any answer */
    private static boolean endedOrAnswered(Socket s, boolean answerCounts) {
        try {
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            while (true) {
                int n = in.read(buf);
                if (n < 0 || n > 0 && answerCounts) {
                    return true;
                }
            }
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Test
    void headersSentALineAtATimeAreCutAtTheHeaderDeadline() throws Exception {
        fx = new RouterFixture("node1");
        fx.start(dir, "persistence: []\nrequestHeaderTimeoutMillis: 1000\nclientIdleTimeoutMillis: 30000\n");
        Socket slow = connect();
        OutputStream out = slow.getOutputStream();
        out.write("GET / HTTP/1.1\r\nHost: a\r\n".getBytes(StandardCharsets.ISO_8859_1));
        int lines = 0;
        boolean closed = false;
        // Each line arrives well within the 30 s idle timeout; only the header deadline can end this.
        while (!closed && lines < 300) {
            try {
                out.write(("X-Slow-" + lines++ + ": x\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException reset) {
                closed = true;
                break;
            }
            closed = closedByRouter(slow);
            Thread.sleep(100); // the scenario: a slowloris client sends one header line every 100 ms
        }
        assertTrue(closed, "the router kept a slowloris connection open through " + lines + " header lines");
        assertEquals(0, fx.backend("node1").requests(), "the unfinished request never reached the node");
        assertEquals(200, fx.get("/after").statusCode(), "a normal client is served");
    }

    @Test
    void completeHeadersWithinTheDeadlineAreServedOnKeptAliveConnections() throws Exception {
        fx = new RouterFixture("node1");
        fx.start(dir, "persistence: []\nrequestHeaderTimeoutMillis: 1000\n");
        for (int i = 0; i < 5; i++) {
            assertEquals(200, fx.get("/ok" + i).statusCode());
            Thread.sleep(400); // the pooled connection outlives the deadline: it already sent a request
        }
    }

    @Test
    void bodyDribbledBelowTheMinimumRateFailsAndFreesTheNodeConnection() throws Exception {
        fx = new RouterFixture("node1");
        fx.start(dir, "persistence: []\nminRequestBodyBytesPerSecond: 2000\nclientIdleTimeoutMillis: 30000\n");
        assertEquals("node=node1\n" + "x".repeat(50_000), fx.post("/fast", "x".repeat(50_000)).body(),
                "a normal upload passes");
        Socket slow = connect();
        OutputStream out = slow.getOutputStream();
        out.write("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        boolean ended = false;
        int sent = 0;
        while (!ended && sent < 3000) {
            try {
                out.write("0123456789".getBytes(StandardCharsets.ISO_8859_1)); // 100 bytes/s, far below 2000
                out.flush();
                sent += 10;
            } catch (IOException reset) {
                break;
            }
            ended = endedOrAnswered(slow, true);
        }
        await("the slow upload no longer holds the node").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> fx.router.nodes().find("node1").inFlight() == 0);
        assertTrue(sent < 3000, "the router let a 100 bytes/s upload run for " + sent + " bytes");
    }

    @Test
    void connectionsBeyondThePerClientCapAreClosedOnArrival() throws Exception {
        fx = new RouterFixture("node1");
        fx.start(dir, "persistence: []\nmaxConnectionsPerClient: 3\n");
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Socket s = connect();
            s.getOutputStream().write("GET /a HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            s.setSoTimeout(20_000);
            assertTrue(RawHttp.readHead(s.getInputStream()).startsWith("HTTP/1.1 200"));
            held.add(s);
        }
        Socket fourth = connect();
        fourth.setSoTimeout(20_000);
        assertTrue(closedByRouter(fourth), "the fourth connection of one client is closed");
        held.get(0).close();
        await("after one closed, a new connection is served").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50)).ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> RawHttp.exchange(fx.router.port(), "GET /b HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"),
                        answer -> answer.startsWith("HTTP/1.1 200"));
    }
}
