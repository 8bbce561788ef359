package dev.limpet.reliability;

import dev.limpet.testsupport.MemcachedServerProcess;
import dev.limpet.testsupport.PostgresServerProcess;
import dev.limpet.testsupport.RedisServerProcess;
import dev.limpet.testsupport.ServerProcess;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The session store of a rig: its own server processes on free loopback ports (never the machine's shared servers).
 * Redis is one {@code redis-server}, with an fsynced append-only file when the rig is non-sticky (the store is then
 * the only copy, so a restart must keep it); Memcached is two {@code memcached} with the store's backup copy on
 * (docs/memcached-store.md); PostgreSQL is one cluster, which keeps its data across a {@code kill -9}. Not
 * thread-safe.
 */
final class Store implements AutoCloseable {

    /** Which store. */
    enum Kind { REDIS, MEMCACHED, POSTGRESQL }

    /** Pause between two steps of a store killed or started one server after another, milliseconds. */
    static final long STEP_MILLIS = 2000;

    private final Kind kind;
    private final List<ServerProcess> servers;
    private final boolean sticky;

    private Store(Kind kind, List<ServerProcess> servers, boolean sticky) {
        this.kind = kind;
        this.servers = servers;
        this.sticky = sticky;
    }

    /** Starts the store's servers. */
    static Store start(Kind kind, boolean sticky) {
        List<ServerProcess> servers = switch (kind) {
            case REDIS -> List.of(sticky ? new RedisServerProcess() : new RedisServerProcess().withAppendOnly());
            case MEMCACHED -> List.of(new MemcachedServerProcess(), new MemcachedServerProcess());
            case POSTGRESQL -> List.of(new PostgresServerProcess());
        };
        Store store = new Store(kind, servers, sticky);
        try {
            servers.forEach(ServerProcess::start);
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    Kind kind() {
        return kind;
    }

    /** @return the servers' ports, in order */
    List<Integer> ports() {
        return servers.stream().map(ServerProcess::port).toList();
    }

    /**
     * @param ports where a node reaches each server (the servers' own ports, or fault proxies in front of them)
     * @return the Manager's {@code storeUri}, XML-escaped for an attribute
     */
    String uri(List<Integer> ports) {
        String hosts = ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
        return switch (kind) {
            case REDIS -> "redis://" + hosts + "/0";
            case MEMCACHED -> "memcached://" + hosts;
            case POSTGRESQL -> "jdbc:postgresql://" + hosts + "/postgres?user=postgres&amp;table=reliability_sessions";
        };
    }

    /**
     * @return in how many steps {@link #kill(int)} and {@link #restart(int)} act: a sticky Memcached's two servers
     *         die one after the other (first the key's owner, so that writes in flight move to the backup copy on
     *         the other server, then the whole store) and come back one after the other (empty: first the sessions
     *         are written again to one server, then the other one's keys fall back to the copies on the first);
     *         every other store acts in one step
     */
    int steps() {
        return kind == Kind.MEMCACHED && sticky ? servers.size() : 1;
    }

    /**
     * Kills ({@code kill -9}) the servers of one step: every server, except for Memcached, where a sticky store's
     * step kills one server and a non-sticky store only ever loses the first of the two (memcached keeps nothing
     * across a restart, so a non-sticky Memcached farm lives on the backup copy).
     *
     * @param step 0 .. {@link #steps()} - 1
     * @return what was killed, for the event log
     */
    String kill(int step) {
        List<ServerProcess> victims = victims(step);
        victims.forEach(ServerProcess::stop);
        return name(victims) + " killed (kill -9)";
    }

    /** Starts what {@link #kill(int)} killed in the same step, on the same ports (Redis and PostgreSQL with their data). */
    String restart(int step) {
        List<ServerProcess> victims = victims(step);
        victims.forEach(ServerProcess::start);
        return name(victims) + " back";
    }

    private List<ServerProcess> victims(int step) {
        if (kind != Kind.MEMCACHED) {
            return servers;
        }
        return sticky ? servers.subList(step, step + 1) : servers.subList(0, 1);
    }

    private String name(List<ServerProcess> victims) {
        String name = kind.name().toLowerCase(java.util.Locale.ROOT);
        return victims.size() == servers.size() ? name
                : name + " server " + (servers.indexOf(victims.get(0)) + 1) + " of " + servers.size();
    }

    /** @return the servers' PIDs by name ({@code redis}, {@code memcached1} …), for memory sampling */
    java.util.Map<String, Long> pids() {
        java.util.Map<String, Long> pids = new java.util.LinkedHashMap<>();
        for (int i = 0; i < servers.size(); i++) {
            if (servers.get(i).isRunning()) {
                String name = kind.name().toLowerCase(java.util.Locale.ROOT);
                pids.put(servers.size() > 1 ? name + (i + 1) : name, servers.get(i).pid());
            }
        }
        return pids;
    }

    @Override
    public void close() {
        for (ServerProcess server : servers) {
            try {
                server.close();
            } catch (RuntimeException e) {
                System.err.println("closing " + server + ": " + e);
            }
        }
    }
}
