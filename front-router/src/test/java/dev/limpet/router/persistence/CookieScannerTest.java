package dev.limpet.router.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class CookieScannerTest {

    @Test
    void findsTheNamedCookieAmongOthers() {
        assertEquals("abc.node1", CookieScanner.find("a=1; JSESSIONID=abc.node1; b=2", "JSESSIONID"));
        assertEquals("abc.node1", CookieScanner.find("JSESSIONID=abc.node1", "JSESSIONID"));
        assertEquals("2", CookieScanner.find("a=1;b=2", "b"));
    }

    @Test
    void doesNotMatchPrefixesSuffixesOrValues() {
        assertNull(CookieScanner.find("XJSESSIONID=a.node1; JSESSIONIDX=b.node2", "JSESSIONID"));
        assertNull(CookieScanner.find("a=JSESSIONID=x.node1", "JSESSIONID"));
        assertNull(CookieScanner.find("", "JSESSIONID"));
        assertNull(CookieScanner.find(null, "JSESSIONID"));
    }

    @Test
    void isLenientLikeBrowsersAndTomcat() {
        assertEquals("v", CookieScanner.find("  a = v ;", "a"));
        assertEquals("quoted", CookieScanner.find("a=\"quoted\"", "a"));
        assertEquals("", CookieScanner.find("a=", "a"));
        assertEquals("1", CookieScanner.find("novalue; ;; a=1", "a"));
        assertEquals("first", CookieScanner.find("a=first; a=second", "a"));
        assertEquals("x=y", CookieScanner.find("a=x=y", "a"));
    }

    @Test
    void isCaseSensitiveAsRfc6265Says() {
        assertNull(CookieScanner.find("jsessionid=a.node1", "JSESSIONID"));
    }
}
