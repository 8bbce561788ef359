package dev.limpet.reliability;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * N {@link Shopper}s shopping through the router at once, each on its own thread (a bounded pool of N platform
 * threads; Java 17 has no virtual threads) with a random think time between two steps, over one shared JDK
 * {@code HttpClient} (HTTP/1.1, its own connection pool). {@link #stop()} ends the shopping and makes every user
 * look at its cart once more, so that a loss in the last seconds is counted too. Not thread-safe.
 */
final class Load implements AutoCloseable {

    private final List<Shopper> shoppers = new ArrayList<>();
    private final int thinkMillis;
    private final ExecutorService pool;
    private final HttpClient http;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final List<Future<?>> running = new ArrayList<>();

    /**
     * @param routerUrl   e.g. {@code http://127.0.0.1:8080}
     * @param users       how many users
     * @param thinkMillis mean pause between two steps of a user (uniform in 0.5..1.5 times it)
     */
    Load(String routerUrl, int users, int thinkMillis, Tally tally) {
        this.thinkMillis = thinkMillis;
        this.pool = Executors.newFixedThreadPool(users, runnable -> {
            Thread thread = new Thread(runnable, "shopper");
            thread.setDaemon(true);
            return thread;
        });
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).followRedirects(HttpClient.Redirect.NEVER).build();
        for (int i = 0; i < users; i++) {
            shoppers.add(new Shopper(i, http, routerUrl, tally));
        }
    }

    /** Every user starts shopping, spread over the first second. */
    void start() {
        for (Shopper shopper : shoppers) {
            running.add(pool.submit(() -> {
                Thread.sleep(ThreadLocalRandom.current().nextInt(1000));
                while (!stopping.get()) {
                    shopper.shopOnce();
                    Thread.sleep(ThreadLocalRandom.current().nextInt(thinkMillis / 2, thinkMillis * 3 / 2 + 1));
                }
                return null;
            }));
        }
    }

    /**
     * Stops shopping, waits for the users' last steps, then has every user look at its cart once more (each retried
     * for up to 30 s).
     *
     * @return how many users could not get a last page
     */
    int stop() throws Exception {
        stopping.set(true);
        for (Future<?> user : running) {
            user.get(60, TimeUnit.SECONDS);
        }
        List<Future<Boolean>> looks = new ArrayList<>();
        for (Shopper shopper : shoppers) {
            looks.add(pool.submit(() -> shopper.lastLook(30)));
        }
        int unseen = 0;
        for (Future<Boolean> look : looks) {
            unseen += look.get(120, TimeUnit.SECONDS) ? 0 : 1;
        }
        return unseen;
    }

    @Override
    public void close() {
        stopping.set(true);
        pool.shutdownNow();
    }
}
