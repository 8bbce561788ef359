package dev.limpet.router;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Sends hand-written HTTP/1.1 bytes (headers no client library lets a test send) and reads the answer head. */
final class RawHttp {

    private RawHttp() {
    }

    /**
     * @param port    the router's port on 127.0.0.1
     * @param request the request bytes as text (ISO-8859-1)
     * @return the response head (status line and headers) and any body bytes that arrived with it
     */
    static String exchange(int port, String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return readHead(socket.getInputStream());
        }
    }

    /** @return bytes read until the end of the head plus whatever else is available, as ISO-8859-1 text */
    static String readHead(InputStream in) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (true) {
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException e) {
                break;
            }
            if (n < 0) {
                break;
            }
            out.write(buf, 0, n);
            if (out.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                break;
            }
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
