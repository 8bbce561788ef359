package dev.limpet.router.table;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * {@link SharedPins} in Redis (jedis): key {@code keyPrefix + tableKey}, value the route, TTL the table's idle
 * timeout ({@code SET key route EX ttl}), so every router sharing the Redis agrees on pins and a restarted
 * router finds them again.
 *
 * <ul>
 *   <li>Reads (a local miss) run on the caller's thread with connect, socket and pool-wait timeouts of
 *       {@code readTimeoutMillis}. After a failure reads are skipped for one second, so a dead Redis costs one
 *       timeout per second, not one per request.</li>
 *   <li>Writes go into a bounded queue ({@code writeQueueSize}); one daemon thread sends them in pipelines of
 *       up to 256 with a 2 s timeout. A full queue drops the write (counted); a failed batch is counted and
 *       dropped, and the writer pauses half a second.</li>
 * </ul>
 * Thread-safe.
 */
public final class RedisSharedPins implements SharedPins {

    private static final Logger LOG = LoggerFactory.getLogger(RedisSharedPins.class);
    private static final int BATCH = 256;
    private static final long READ_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final String DELETE = "";

    private final RedisClient reader;
    private final RedisClient writer;
    private final String keyPrefix;
    private final long ttlSeconds;
    private final BlockingQueue<String[]> queue;
    private final Thread writerThread;
    private final LongAdder readHits = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder pending = new LongAdder();
    private volatile long readsPausedUntilNanos = System.nanoTime();
    private volatile boolean closed;

    /**
     * @param config     the Redis settings (validated: the URI is a {@code redis://} or {@code rediss://} URI)
     * @param ttlSeconds the TTL of every key: the table's idle timeout, in seconds
     */
    public RedisSharedPins(SessionTableConfig.RedisConfig config, long ttlSeconds) {
        URI uri = URI.create(config.uri());
        this.reader = client(uri, config.readTimeoutMillis(), 8);
        this.writer = client(uri, 2000, 1);
        this.keyPrefix = config.keyPrefix();
        this.ttlSeconds = ttlSeconds;
        this.queue = new ArrayBlockingQueue<>(config.writeQueueSize());
        this.writerThread = new Thread(this::writeLoop, "limpet-session-table-redis");
        writerThread.setDaemon(true);
        writerThread.start();
    }

    /**
     * @param uri           a {@code redis://} or {@code rediss://} URI (user, password and database from it)
     * @param timeoutMillis connect, socket and pool-wait timeout, in milliseconds
     * @param connections   the pool's size
     * @return a pooled client (jedis {@link RedisClient}) named {@code limpet-router}
     */
    public static RedisClient client(URI uri, int timeoutMillis, int connections) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMillis).socketTimeoutMillis(timeoutMillis)
                .user(JedisURIHelper.getUser(uri)).password(JedisURIHelper.getPassword(uri))
                .database(JedisURIHelper.getDBIndex(uri)).clientName("limpet-router")
                .ssl(JedisURIHelper.isRedisSSLScheme(uri));
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(connections);
        pool.setMaxIdle(connections);
        pool.setMinIdle(0);
        pool.setBlockWhenExhausted(true);
        pool.setMaxWait(Duration.ofMillis(timeoutMillis));
        pool.setTestOnBorrow(false);
        return RedisClient.builder().hostAndPort(JedisURIHelper.getHostAndPort(uri)).clientConfig(config.build())
                .poolConfig(pool).build();
    }

    @Override
    public String get(String key) {
        if (System.nanoTime() - readsPausedUntilNanos < 0) {
            return null;
        }
        try {
            String route = reader.get(keyPrefix + key);
            if (route != null) {
                readHits.increment();
            }
            return route;
        } catch (RuntimeException e) {
            failures.increment();
            readsPausedUntilNanos = System.nanoTime() + READ_PAUSE_NANOS;
            LOG.debug("session table: Redis read failed, reads paused for 1 s", e);
            return null;
        }
    }

    @Override
    public void put(String key, String route) {
        enqueue(key, route);
    }

    @Override
    public void delete(String key) {
        enqueue(key, DELETE);
    }

    private void enqueue(String key, String route) {
        pending.increment();
        if (closed || !queue.offer(new String[] {keyPrefix + key, route})) {
            pending.decrement();
            dropped.increment();
        }
    }

    private void writeLoop() {
        List<String[]> batch = new ArrayList<>(BATCH);
        while (!closed || !queue.isEmpty()) {
            try {
                String[] first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                send(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                pending.add(-batch.size());
                batch.clear();
            }
        }
    }

    private void send(List<String[]> batch) throws InterruptedException {
        try (Pipeline pipeline = writer.pipelined()) {
            for (String[] op : batch) {
                if (op[1] == DELETE) {
                    pipeline.del(op[0]);
                } else {
                    pipeline.setex(op[0], ttlSeconds, op[1]);
                }
            }
            pipeline.sync();
        } catch (RuntimeException e) {
            failures.add(batch.size());
            LOG.warn("session table: Redis write of [{}] pins failed, local table unaffected: {}", batch.size(),
                    e.toString());
            Thread.sleep(500);
        }
    }

    @Override
    public long readHits() {
        return readHits.sum();
    }

    @Override
    public long failures() {
        return failures.sum();
    }

    @Override
    public long writesDropped() {
        return dropped.sum();
    }

    @Override
    public void flush(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (pending.sum() > 0 && System.nanoTime() - deadline < 0) {
            Thread.sleep(5);
        }
    }

    @Override
    public void close() {
        try {
            flush(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closed = true;
        try {
            writerThread.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reader.close();
        writer.close();
    }
}
