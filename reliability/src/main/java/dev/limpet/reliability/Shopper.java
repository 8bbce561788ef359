package dev.limpet.reliability;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One simulated user with its own cookie jar: adds an item to its cart ({@code POST /cart/cart}, answered 303: the
 * acknowledgement), then looks at the cart ({@code GET /cart/cart.txt}) and checks it against what it expects.
 *
 * <p>What it expects: every acknowledged add, each exactly once. An add without a 303 (a 502, a timeout, a reset)
 * has an unknown outcome — the node may have applied it — so the next page may or may not show it; an add whose
 * connection was refused was never sent. A page is then judged item by item: fewer than acknowledged is an
 * <em>update lost</em>; more than acknowledged plus unknown is a <em>duplicated update</em> (or one applied after
 * the user saw it missing); a new session id, or an empty cart where adds were acknowledged, is a <em>session
 * lost</em>. The page then becomes the new baseline. Before one item reaches the cart's cap of 99, the user drops
 * its cookies and starts a fresh session. Not thread-safe: one thread drives one shopper.
 */
final class Shopper {

    /** What the cart webapp sells ({@code dev.limpet.samples.cart.Catalogue}). */
    static final List<String> ITEMS = List.of("Limpet plush toy", "Tide table 2027", "Rock pool guide",
            "Sea glass necklace", "Barnacle-proof boots", "Lighthouse postcard set");
    private static final int FRESH_SESSION_AT = 90;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final int id;
    private final HttpClient http;
    private final String cartUrl;
    private final Tally tally;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private final Map<String, Integer> acknowledged = new LinkedHashMap<>();
    private final Map<String, Integer> unknown = new HashMap<>();
    private String session;
    private String node;
    private int step;

    /**
     * @param routerUrl e.g. {@code http://127.0.0.1:8080}
     */
    Shopper(int id, HttpClient http, String routerUrl, Tally tally) {
        this.id = id;
        this.http = http;
        this.cartUrl = routerUrl + "/cart";
        this.tally = tally;
    }

    /** One add and one look. */
    void shopOnce() throws InterruptedException {
        String item = ITEMS.get((id + step++) % ITEMS.size());
        add(item);
        look();
    }

    /**
     * The last look after the run: retried for up to {@code attempts} seconds until a page is served.
     *
     * @return whether a page was served and checked
     */
    boolean lastLook(int attempts) throws InterruptedException {
        for (int i = 0; i < attempts; i++) {
            if (look()) {
                return true;
            }
            Thread.sleep(1000);
        }
        return false;
    }

    private void add(String item) throws InterruptedException {
        String form = "action=add&quantity=1&item=" + item.replace(' ', '+');
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cartUrl + "/cart"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        Answer answer = send(request);
        if (answer.status == 303) {
            acknowledged.merge(item, 1, Integer::sum);
            tally.acknowledged();
        } else if (!answer.refused) {
            unknown.merge(item, 1, Integer::sum);
            tally.unknownOutcome();
        }
    }

    /** @return whether a page was served and checked */
    private boolean look() throws InterruptedException {
        Answer answer = send(HttpRequest.newBuilder(URI.create(cartUrl + "/cart.txt")).GET());
        if (answer.status != 200) {
            return false;
        }
        check(answer.body);
        return true;
    }

    private void check(String page) {
        Map<String, Integer> shown = new LinkedHashMap<>();
        String shownSession = null;
        String shownNode = null;
        for (String line : page.split("\n")) {
            if (line.startsWith("session=")) {
                shownSession = line.substring(8).split("\\.", 2)[0];
            } else if (line.startsWith("node=")) {
                shownNode = line.substring(5);
            } else if (line.contains("\t")) {
                String[] parts = line.split("\t");
                shown.put(parts[0], Integer.parseInt(parts[1].trim()));
            }
        }
        if (node != null && shownNode != null && !node.equals(shownNode)) {
            tally.moved();
        }
        node = shownNode;
        boolean expectedSomething = acknowledged.values().stream().anyMatch(n -> n > 0);
        if (session != null && !session.equals(shownSession) && expectedSomething) {
            tally.sessionLost("user " + id + ": session " + session + " became " + shownSession + " on " + shownNode
                    + "; acknowledged " + acknowledged + ", shown " + shown);
        } else if (expectedSomething && shown.isEmpty()) {
            tally.sessionLost("user " + id + ": session " + session + " on " + shownNode + " shows an empty cart;"
                    + " acknowledged " + acknowledged);
        } else {
            compare(shown, shownNode);
        }
        session = shownSession;
        acknowledged.clear();
        acknowledged.putAll(shown);
        unknown.clear();
        if (shown.values().stream().anyMatch(n -> n >= FRESH_SESSION_AT)) {
            cookies.clear();
            acknowledged.clear();
            session = null;
        }
    }

    private void compare(Map<String, Integer> shown, String shownNode) {
        int lost = 0;
        int extra = 0;
        for (String item : ITEMS) {
            int sent = acknowledged.getOrDefault(item, 0);
            int seen = shown.getOrDefault(item, 0);
            lost += Math.max(0, sent - seen);
            extra += Math.max(0, seen - sent - unknown.getOrDefault(item, 0));
        }
        String detail = "user " + id + " session " + session + " on " + shownNode + ": acknowledged " + acknowledged
                + ", unknown outcome " + unknown + ", shown " + shown;
        if (lost > 0) {
            tally.updatesLost(lost, detail);
        }
        if (extra > 0) {
            tally.duplicated(extra, detail);
        }
    }

    private Answer send(HttpRequest.Builder builder) throws InterruptedException {
        if (!cookies.isEmpty()) {
            builder.header("Cookie", cookies.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue())
                    .collect(Collectors.joining("; ")));
        }
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(builder.timeout(REQUEST_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            long micros = (System.nanoTime() - started) / 1000;
            keepCookies(response);
            int status = response.statusCode();
            if (status == 200 || status == 303) {
                tally.ok(micros);
            } else {
                tally.failed(Integer.toString(status), micros);
            }
            return new Answer(status, response.body(), false);
        } catch (HttpTimeoutException e) {
            tally.failed("timeout", (System.nanoTime() - started) / 1000);
        } catch (ConnectException e) {
            tally.failed("refused", (System.nanoTime() - started) / 1000);
            return new Answer(0, "", true);
        } catch (IOException e) {
            tally.failed("io", (System.nanoTime() - started) / 1000);
        }
        return new Answer(0, "", false);
    }

    private void keepCookies(HttpResponse<?> response) {
        for (String header : response.headers().allValues("set-cookie")) {
            String pair = header.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = pair.substring(0, eq).trim();
            String value = pair.substring(eq + 1).trim();
            if (value.isEmpty() || header.toLowerCase(java.util.Locale.ROOT).contains("max-age=0")) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
    }

    /** A response, or none: {@code status} 0 when the request failed; {@code refused} when it was never sent. */
    private record Answer(int status, String body, boolean refused) {
    }
}
