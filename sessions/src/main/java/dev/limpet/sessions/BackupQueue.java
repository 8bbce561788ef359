package dev.limpet.sessions;

import dev.limpet.core.store.SessionIds;
import dev.limpet.core.store.StoreUnavailableException;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Writes session backups to the store asynchronously (sticky mode, docs/architecture.md §4), off the request thread.
 *
 * <ul>
 * <li><b>Bounded</b>: at most {@code capacity} sessions wait; a new session beyond that is dropped and counted
 *     ({@link #dropped()}); its next change queues it again (its stored hash was not updated).</li>
 * <li><b>Coalescing, one writer per session</b>: a session has at most one waiting job; a newer write replaces
 *     the waiting one (only the latest state matters), a touch never replaces a waiting write. While a job of a
 *     session runs, the next one waits, so writes of one session never overtake each other.</li>
 * <li><b>Catch-up</b>: a job that fails with {@link StoreUnavailableException} is parked (the newest per
 *     session) and the {@link CircuitBreaker} counts the failure; while the breaker is open no job is sent,
 *     new jobs are parked too; every {@code retryMillis} the workers try again, so parked sessions are written
 *     as soon as the store answers. The start of an outage and the recovery are logged once.</li>
 * </ul>
 *
 * <p>Thread-safe. {@link #close(long)} drains for a bounded time and stops the worker threads (daemons).
 */
public final class BackupQueue implements AutoCloseable {

    /** One unit of store work for one session. */
    public interface Job {
        /** @return the route-less session id (the coalescing key) */
        String sessionId();

        /** @return {@code true} for an expiry refresh, {@code false} for a full write */
        boolean isTouch();

        /**
         * Does the store call and applies its result.
         *
         * @throws StoreUnavailableException if the store did not answer: the job is parked for retry
         */
        void run() throws StoreUnavailableException;
    }

    /** What {@link #submit} did. */
    public enum Outcome { QUEUED, COALESCED, DROPPED }

    private static final System.Logger LOG = System.getLogger(BackupQueue.class.getName());

    private final int capacity;
    private final long retryMillis;
    private final CircuitBreaker breaker;
    private final String name;
    private final Map<String, Job> waiting = new HashMap<>();
    private final ArrayDeque<String> ready = new ArrayDeque<>();
    private final Set<String> parked = new HashSet<>();
    private final Set<String> running = new HashSet<>();
    private final List<Thread> workers = new ArrayList<>();
    private final LongAdder completed = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder coalesced = new LongAdder();
    private boolean closed;
    private boolean droppedLogged;

    /**
     * Starts the workers.
     *
     * @param name        for thread names and logs (the application's key namespace)
     * @param capacity    most sessions waiting, at least 1
     * @param threads     worker threads, 1..64
     * @param retryMillis how often parked jobs are retried while the store is down, milliseconds, at least 1
     * @param breaker     shared with the request path
     * @throws IllegalArgumentException if a number is out of range
     */
    public BackupQueue(String name, int capacity, int threads, long retryMillis, CircuitBreaker breaker) {
        if (capacity < 1 || threads < 1 || threads > 64 || retryMillis < 1) {
            throw new IllegalArgumentException("capacity >= 1, threads 1..64, retryMillis >= 1");
        }
        this.name = name;
        this.capacity = capacity;
        this.retryMillis = retryMillis;
        this.breaker = breaker;
        for (int i = 0; i < threads; i++) {
            Thread worker = new Thread(this::work, "limpet-backup-" + name + "-" + i);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
    }

    /**
     * Queues a job; never blocks.
     *
     * @param job the work
     * @return queued, coalesced with a waiting job of the same session, or dropped (queue full or closed)
     */
    public synchronized Outcome submit(Job job) {
        String id = job.sessionId();
        Job existing = waiting.get(id);
        if (existing != null) {
            coalesced.increment();
            if (!(job.isTouch() && !existing.isTouch())) {
                waiting.put(id, job);
            }
            return Outcome.COALESCED;
        }
        if (closed || waiting.size() >= capacity) {
            countDropped(id);
            return Outcome.DROPPED;
        }
        waiting.put(id, job);
        if (breaker.isOpen()) {
            parked.add(id);
        } else if (!running.contains(id)) {
            ready.add(id);
            notifyAll();
        }
        return Outcome.QUEUED;
    }

    private void countDropped(String id) {
        dropped.increment();
        if (!droppedLogged) {
            droppedLogged = true;
            LOG.log(Level.WARNING, "backup queue [{0}] full ([{1}] sessions) or closed: backup of session [{2}] dropped;"
                    + " it is queued again at its next change (logged once per outage)", name, capacity,
                    SessionIds.logHint(id));
        }
    }

    private void work() {
        Job job;
        while ((job = take()) != null) {
            String id = job.sessionId();
            boolean ok = true;
            try {
                job.run();
                completed.increment();
                if (breaker.isOpen()) {
                    LOG.log(Level.INFO, "session store of [{0}] reachable again: catching up", name);
                }
                breaker.recordSuccess();
            } catch (StoreUnavailableException e) {
                ok = false;
                failed.increment();
                if (breaker.recordFailure()) {
                    LOG.log(Level.WARNING, "session store of [{0}] unavailable: sessions keep being served locally,"
                            + " backups are parked and retried every [{1}] ms: {2}", name, retryMillis, e.getMessage());
                }
            } catch (RuntimeException e) {
                failed.increment();
                LOG.log(Level.WARNING, "backup of session [" + SessionIds.logHint(id) + "] failed", e);
            }
            finish(job, ok);
        }
    }

    private synchronized Job take() {
        while (true) {
            if (closed && waiting.isEmpty()) {
                return null;
            }
            if (!parked.isEmpty() && breaker.allowCall()) {
                unparkOne();
            }
            String id;
            while ((id = ready.poll()) != null) {
                Job job = running.contains(id) ? null : waiting.remove(id);
                if (job != null) {
                    running.add(id);
                    return job;
                }
            }
            if (closed && ready.isEmpty() && running.isEmpty()) {
                return null;
            }
            try {
                wait(parked.isEmpty() ? 0 : retryMillis);
            } catch (InterruptedException e) {
                return null;
            }
        }
    }

    /** Lets one parked session through as the breaker's probe; the rest follow once it succeeded. */
    private void unparkOne() {
        String id = parked.iterator().next();
        parked.remove(id);
        if (!running.contains(id)) {
            ready.add(id);
        }
    }

    private synchronized void finish(Job job, boolean ok) {
        String id = job.sessionId();
        running.remove(id);
        if (!ok) {
            waiting.putIfAbsent(id, job);
            parked.add(id);
        } else if (!breaker.isOpen() && !parked.isEmpty()) {
            droppedLogged = false;
            ready.addAll(parked);
            parked.clear();
        }
        if (waiting.containsKey(id) && !parked.contains(id)) {
            ready.add(id);
        }
        notifyAll();
    }

    /** @return jobs that reached the store and succeeded */
    public long completed() {
        return completed.sum();
    }

    /** @return sessions dropped because the queue was full */
    public long dropped() {
        return dropped.sum();
    }

    /** @return job runs that failed (store unavailable or unexpected error) */
    public long failed() {
        return failed.sum();
    }

    /** @return jobs merged into a waiting job of the same session */
    public long coalesced() {
        return coalesced.sum();
    }

    /** @return sessions waiting (ready or parked) */
    public synchronized int size() {
        return waiting.size();
    }

    /** @return sessions parked while the store is down */
    public synchronized int parkedCount() {
        return parked.size();
    }

    /**
     * Waits until nothing is waiting or running, for at most {@code timeoutMillis}.
     *
     * @param timeoutMillis the longest wait, milliseconds
     * @return whether the queue is empty
     * @throws InterruptedException if interrupted
     */
    public synchronized boolean awaitEmpty(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!(waiting.isEmpty() && running.isEmpty())) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return false;
            }
            wait(Math.min(left, retryMillis));
        }
        return true;
    }

    /**
     * Stops accepting jobs, lets the workers drain for at most {@code drainMillis}, then stops them. Jobs still
     * waiting are counted as dropped and logged.
     *
     * @param drainMillis the longest drain, milliseconds
     */
    public void close(long drainMillis) {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            awaitEmpty(drainMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int left;
        synchronized (this) {
            left = waiting.size();
            dropped.add(left);
            waiting.clear();
            ready.clear();
            parked.clear();
            notifyAll();
        }
        workers.forEach(Thread::interrupt);
        if (left > 0) {
            LOG.log(Level.WARNING, "backup queue [{0}] closed with [{1}] unwritten session backups", name, left);
        }
    }

    @Override
    public void close() {
        close(0);
    }
}
