package dev.limpet.reliability;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One scenario run on a rig: the users shop for the duration while the scenario plays its faults and the memory of
 * the router and nodes is sampled every 10 s; then every user looks at its cart once more. The result prints as a
 * table row and as one JSON line ({@code RESULT {...}}).
 *
 * @param scenario    the scenario's name
 * @param users       how many users
 * @param seconds     the run's planned duration
 * @param tally       what was counted
 * @param unseen      users who got no last page within 30 s after the run
 * @param rssSlopes   MiB/h of each process's RSS
 * @param heapSlopes  MiB/h of each JVM's heap in use
 * @param recoveries  milliseconds to recover after each event
 */
record Run(String scenario, int users, long seconds, Tally tally, int unseen, Map<String, Double> rssSlopes,
           Map<String, Double> heapSlopes, Map<String, Long> recoveries) {

    /** A second whose success rate is below this is not yet recovered. */
    static final double NORMAL_SUCCESS_RATE = 0.99;

    /**
     * Runs a scenario on a rig that is up.
     *
     * @param thinkMillis mean pause between two steps of a user
     */
    static Run play(Scenario scenario, Rig rig, int users, long seconds, int thinkMillis) throws Exception {
        scenario.prepare(rig);
        Tally tally = new Tally();
        System.out.println("== " + scenario.name() + ": " + users + " users for " + seconds + " s");
        int unseen;
        try (Load load = new Load(rig.routerUrl(), users, thinkMillis, tally);
             MemorySampler memory = new MemorySampler(() -> {
                 Map<String, Long> pids = new LinkedHashMap<>(rig.jvmPids());
                 pids.putAll(rig.store().pids());
                 return pids;
             }, 10)) {
            load.start();
            scenario.play(rig, timeline(tally, seconds));
            unseen = load.stop();
            Map<String, Long> recoveries = new LinkedHashMap<>();
            List<Tally.Event> events = tally.events();
            for (int i = 0; i < events.size(); i++) {
                recoveries.put(String.format(Locale.ROOT, "%.1f s %s", events.get(i).millis() / 1000.0,
                        events.get(i).what()), tally.recoveryMillis(i, NORMAL_SUCCESS_RATE));
            }
            Run run = new Run(scenario.name(), users, seconds, tally, unseen, memory.slopes(true), memory.slopes(false),
                    recoveries);
            scenario.restore(rig);
            return run;
        }
    }

    private static Scenario.Timeline timeline(Tally tally, long seconds) {
        return new Scenario.Timeline() {
            @Override
            public void at(double fraction) throws InterruptedException {
                long due = (long) (fraction * seconds * 1000);
                long wait;
                while ((wait = due - tally.elapsedMillis()) > 0) {
                    Thread.sleep(Math.min(wait, 500));
                }
            }

            @Override
            public void event(String what) {
                tally.event(what);
            }

            @Override
            public long seconds() {
                return seconds;
            }
        };
    }

    /** @return whether nothing acknowledged was lost or duplicated and every user saw its cart at the end */
    boolean clean() {
        return tally.sessionsLost() == 0 && tally.updatesLost() == 0 && tally.duplicated() == 0 && unseen == 0;
    }

    /** @return the longest time to recover after any event, ms */
    long worstRecoveryMillis() {
        return recoveries.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /** @return the header of {@link #row()} */
    static String header() {
        return String.format(Locale.ROOT, "%-34s %5s %6s %9s %-28s %6s %6s %5s %7s %8s %8s %9s %9s %12s",
                "scenario", "users", "secs", "requests", "failed (by cause)", "s.lost", "u.lost", "dup", "unknown",
                "p50 ms", "p99 ms", "max ms", "recover s", "rss MiB/h");
    }

    /** @return the run as one row of the table */
    String row() {
        String failed = tally.failedTotal() + (tally.failures().isEmpty() ? "" : " " + tally.failures().entrySet()
                .stream().map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(",", "(", ")")));
        double rss = rssSlopes.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        return String.format(Locale.ROOT, "%-34s %5d %6d %9d %-28s %6d %6d %5d %7d %8.1f %8.1f %9.1f %9.1f %12.1f",
                scenario, users, seconds, tally.requests(), failed, tally.sessionsLost(), tally.updatesLost(),
                tally.duplicated(), tally.unknownOutcomes(), tally.latencyMillis(50), tally.latencyMillis(99),
                tally.maxLatencyMillis(), worstRecoveryMillis() / 1000.0, rss);
    }

    /** @return the run as one JSON object (one line) */
    String json() {
        return "{\"scenario\":\"" + scenario + "\",\"users\":" + users + ",\"seconds\":" + seconds
                + ",\"requests\":" + tally.requests() + ",\"failed\":" + tally.failedTotal()
                + ",\"failedBy\":" + object(tally.failures()) + ",\"acknowledgedAdds\":" + tally.acknowledgedAdds()
                + ",\"unknownOutcomeAdds\":" + tally.unknownOutcomes() + ",\"sessionsLost\":" + tally.sessionsLost()
                + ",\"updatesLost\":" + tally.updatesLost() + ",\"duplicatedUpdates\":" + tally.duplicated()
                + ",\"usersWithoutLastPage\":" + unseen + ",\"moves\":" + tally.moves()
                + String.format(Locale.ROOT, ",\"p50Millis\":%.2f,\"p99Millis\":%.2f,\"maxMillis\":%.2f",
                tally.latencyMillis(50), tally.latencyMillis(99), tally.maxLatencyMillis())
                + ",\"recoveryMillis\":" + object(recoveries) + ",\"rssSlopeMibPerHour\":" + object(rssSlopes)
                + ",\"heapSlopeMibPerHour\":" + object(heapSlopes) + "}";
    }

    private static String object(Map<String, ? extends Number> values) {
        return values.entrySet().stream().map(e -> "\"" + e.getKey().replace("\"", "'") + "\":"
                        + (e.getValue() instanceof Double d ? String.format(Locale.ROOT, "%.2f", d) : e.getValue()))
                .collect(Collectors.joining(",", "{", "}"));
    }

    /** Prints the row, the events with their recovery, the first losses, and the JSON line. */
    void print() {
        System.out.println(header());
        System.out.println(row());
        recoveries.forEach((event, millis) -> System.out.printf(Locale.ROOT, "  %-60s recovered after %.1f s%n",
                event, millis / 1000.0));
        rssSlopes.forEach((name, slope) -> System.out.printf(Locale.ROOT, "  %-12s RSS %+8.1f MiB/h   heap %+8.1f MiB/h%n",
                name, slope, heapSlopes.getOrDefault(name, Double.NaN)));
        if (!tally.failuresBySecond().isEmpty()) {
            System.out.println("  failed requests by second of the run: " + tally.failuresBySecond());
        }
        tally.losses().forEach(loss -> System.out.println("  LOSS " + loss));
        System.out.println("RESULT " + json());
    }
}
