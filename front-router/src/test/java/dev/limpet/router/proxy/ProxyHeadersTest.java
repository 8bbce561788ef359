package dev.limpet.router.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.Test;

class ProxyHeadersTest {

    @Test
    void responseCopyReturnsContentLengthAndKeepsItsExactValue() {
        HttpFields from = HttpFields.build().add(HttpHeader.CONTENT_TYPE, "text/html")
                .add(new HttpField(HttpHeader.CONTENT_LENGTH, "content-length", "0200"))
                .add(HttpHeader.CONNECTION, "keep-alive").add("X-Node", "node1");
        HttpFields.Mutable to = HttpFields.build();

        assertEquals(200, ProxyHeaders.copyResponseHeaders(from, to, "SERVERID=x; Path=/"));

        HttpField copied = to.getField(HttpHeader.CONTENT_LENGTH);
        assertInstanceOf(HttpField.LongValueHttpField.class, copied);
        assertEquals("content-length", copied.getName());
        assertEquals("0200", copied.getValue());
        assertEquals(200, to.getLongField(HttpHeader.CONTENT_LENGTH));
        assertNull(to.get(HttpHeader.CONNECTION));
        assertEquals("node1", to.get("X-Node"));
        assertEquals("SERVERID=x; Path=/", to.get(HttpHeader.SET_COOKIE));
        assertEquals(4, to.size());
    }

    @Test
    void responseCopyWithoutContentLengthReturnsMinusOne() {
        HttpFields from = HttpFields.build().add(HttpHeader.TRANSFER_ENCODING, "chunked").add("X-Node", "node2");
        HttpFields.Mutable to = HttpFields.build();

        assertEquals(-1, ProxyHeaders.copyResponseHeaders(from, to, null));

        assertNull(to.get(HttpHeader.TRANSFER_ENCODING));
        assertEquals(1, to.size());
    }
}
