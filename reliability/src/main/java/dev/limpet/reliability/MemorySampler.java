package dev.limpet.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Samples the memory of the rig's JVMs every {@code periodSeconds}: the resident set size ({@code VmRSS} of
 * {@code /proc/PID/status}) and the heap in use (the sum of the used columns {@code S0U S1U EU OU} of the JDK's
 * {@code jstat -gc PID}, KiB). The slope of each series is its least-squares line, in MiB per hour. A process
 * restarted during the run starts a new series under the same name only if its PID changed; slopes are computed
 * over the longest run of one PID. Thread-safe.
 */
final class MemorySampler implements AutoCloseable {

    /** One sample: seconds since the start, RSS and heap used in MiB. */
    record Sample(long pid, double seconds, double rssMib, double heapMib) {
    }

    private final Supplier<Map<String, Long>> pids;
    private final long start = System.nanoTime();
    private final Map<String, List<Sample>> samples = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "memory-sampler");
        thread.setDaemon(true);
        return thread;
    });

    /** Starts sampling at once, then every {@code periodSeconds}. */
    MemorySampler(Supplier<Map<String, Long>> pids, int periodSeconds) {
        this.pids = pids;
        timer.scheduleAtFixedRate(this::sample, 0, periodSeconds, TimeUnit.SECONDS);
    }

    private void sample() {
        double seconds = (System.nanoTime() - start) / 1e9;
        pids.get().forEach((name, pid) -> {
            try {
                double rss = rssKib(pid) / 1024.0;
                double heap = name.startsWith("router") || name.startsWith("node") ? heapKib(pid) / 1024.0 : Double.NaN;
                samples.computeIfAbsent(name, n -> java.util.Collections.synchronizedList(new ArrayList<>()))
                        .add(new Sample(pid, seconds, rss, heap));
            } catch (IOException | RuntimeException e) {
                // the process ended between listing and sampling
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private static long rssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS for " + pid);
    }

    private static double heapKib(long pid) throws IOException, InterruptedException {
        String jstat = Path.of(System.getProperty("java.home"), "bin", "jstat").toString();
        Process process = new ProcessBuilder(jstat, "-gc", Long.toString(pid)).redirectErrorStream(true).start();
        String[] lines = new String(process.getInputStream().readAllBytes()).strip().split("\n");
        process.waitFor(10, TimeUnit.SECONDS);
        if (lines.length < 2) {
            throw new IOException("jstat: " + String.join(" ", lines));
        }
        String[] names = lines[0].trim().split("\\s+");
        String[] values = lines[1].trim().split("\\s+");
        double used = 0;
        for (int i = 0; i < names.length && i < values.length; i++) {
            if (List.of("S0U", "S1U", "EU", "OU").contains(names[i])) {
                used += Double.parseDouble(values[i]);
            }
        }
        return used;
    }

    /** @return every series, by process name */
    Map<String, List<Sample>> samples() {
        Map<String, List<Sample>> copy = new LinkedHashMap<>();
        samples.forEach((name, list) -> {
            synchronized (list) {
                copy.put(name, List.copyOf(list));
            }
        });
        return copy;
    }

    /**
     * @param rss {@code true} for the RSS slope, {@code false} for the heap's
     * @return MiB per hour of each process, over its longest run of one PID with at least 3 samples
     */
    Map<String, Double> slopes(boolean rss) {
        Map<String, Double> slopes = new LinkedHashMap<>();
        samples().forEach((name, list) -> {
            List<Sample> run = longestRun(list);
            if (run.size() >= 3 && (rss || !Double.isNaN(run.get(0).heapMib()))) {
                slopes.put(name, slope(run, rss) * 3600);
            }
        });
        return slopes;
    }

    private static List<Sample> longestRun(List<Sample> list) {
        List<Sample> best = List.of();
        int from = 0;
        for (int i = 1; i <= list.size(); i++) {
            if (i == list.size() || list.get(i).pid() != list.get(from).pid()) {
                if (i - from > best.size()) {
                    best = list.subList(from, i);
                }
                from = i;
            }
        }
        return best;
    }

    private static double slope(List<Sample> run, boolean rss) {
        double n = run.size();
        double sx = 0;
        double sy = 0;
        double sxy = 0;
        double sxx = 0;
        for (Sample s : run) {
            double y = rss ? s.rssMib() : s.heapMib();
            sx += s.seconds();
            sy += y;
            sxy += s.seconds() * y;
            sxx += s.seconds() * s.seconds();
        }
        double denominator = n * sxx - sx * sx;
        return denominator == 0 ? 0 : (n * sxy - sx * sy) / denominator;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
