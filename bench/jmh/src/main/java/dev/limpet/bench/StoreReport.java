package dev.limpet.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the envelope and store benchmarks in one JMH run and prints, per store and operation, the median latency
 * of the Limpet operation, of the raw client doing the same single command, their ratio, and the round trips of
 * each (counted on the server). Usage (bench/stores.sh does this):
 *
 * <pre>
 * java -Dlimpet.bench.redis=redis://127.0.0.1:PORT/0 -Dlimpet.bench.memcached=memcached://127.0.0.1:P1,127.0.0.1:P2 \
 *      -Dlimpet.bench.jdbc=jdbc:postgresql://127.0.0.1:PORT/postgres?user=postgres \
 *      -cp benchmarks.jar dev.limpet.bench.StoreReport [out.md]
 * </pre>
 *
 * JMH settings: 1 fork, 2 warm-up iterations of 1 s, 3 measured iterations of 1 s, sample-time mode (medians
 * from all samples); override with {@code -Dlimpet.bench.warmups}, {@code -Dlimpet.bench.iterations},
 * {@code -Dlimpet.bench.seconds}.
 */
public final class StoreReport {

    /** One row: a store operation and its raw baseline (benchmark method names). */
    record Pair(String store, String benchmarkClass, String operation, String rawOperation) {
    }

    static final List<Pair> PAIRS = List.of(
            new Pair("Redis", "RedisStoreBenchmark", "load", "rawGet"),
            new Pair("Redis", "RedisStoreBenchmark", "saveChanged", "rawSet"),
            new Pair("Redis", "RedisStoreBenchmark", "touchUnchanged", "rawPexpire"),
            new Pair("Memcached", "MemcachedStoreBenchmark", "load", "rawGet"),
            new Pair("Memcached", "MemcachedStoreBenchmark", "saveChanged", "rawSet"),
            new Pair("Memcached", "MemcachedStoreBenchmark", "touchUnchanged", "rawTouch"),
            new Pair("JDBC (PostgreSQL)", "JdbcStoreBenchmark", "load", "rawSelect"),
            new Pair("JDBC (PostgreSQL)", "JdbcStoreBenchmark", "saveChanged", "rawUpsert"),
            new Pair("JDBC (PostgreSQL)", "JdbcStoreBenchmark", "touchUnchanged", "rawTouch"));

    private StoreReport() {
    }

    /** @param args optional: a file to write the Markdown table to */
    public static void main(String[] args) throws Exception {
        String redis = BenchProperties.require("limpet.bench.redis", "redis://127.0.0.1:PORT/0");
        RedisRoundTrips.requireReachable(redis);
        String memcached = BenchProperties.require("limpet.bench.memcached", "memcached://127.0.0.1:P1,127.0.0.1:P2");
        String jdbc = BenchProperties.require("limpet.bench.jdbc", "jdbc:postgresql://127.0.0.1:PORT/postgres?user=postgres");
        Map<String, Map<String, String>> roundTrips = Map.of("Redis", RedisRoundTrips.measure(redis),
                "Memcached", MemcachedRoundTrips.measure(memcached), "JDBC (PostgreSQL)", JdbcRoundTrips.measure(jdbc));
        Map<String, Double> medians = run(List.of("-Dlimpet.bench.redis=" + redis,
                "-Dlimpet.bench.memcached=" + memcached, "-Dlimpet.bench.jdbc=" + jdbc));
        String table = table(medians, roundTrips);
        System.out.println(table);
        if (args.length > 0) {
            Files.writeString(Path.of(args[0]), table);
        }
    }

    private static Map<String, Double> run(List<String> jvmArgs) throws Exception {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("dev\\.limpet\\.bench\\.(EnvelopeBenchmark|MemoryStoreBenchmark|RedisStoreBenchmark|MemcachedStoreBenchmark|JdbcStoreBenchmark)\\.")
                .forks(1)
                .warmupIterations(Integer.getInteger("limpet.bench.warmups", 2))
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(Integer.getInteger("limpet.bench.iterations", 3))
                .measurementTime(TimeValue.seconds(Integer.getInteger("limpet.bench.seconds", 1)))
                .jvmArgsAppend(jvmArgs.toArray(String[]::new));
        Collection<RunResult> results = new Runner(options.build()).run();
        Map<String, Double> medians = new HashMap<>();
        for (RunResult result : results) {
            String benchmark = result.getParams().getBenchmark();
            String name = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
            medians.put(name + "@" + result.getParams().getParam("sizeBytes"),
                    result.getPrimaryResult().getStatistics().getPercentile(50));
        }
        return medians;
    }

    static String table(Map<String, Double> medians, Map<String, Map<String, String>> roundTrips) {
        StringBuilder out = new StringBuilder();
        out.append("| store | size | operation | Limpet p50 µs | raw client op | raw p50 µs | ratio | round trips Limpet | round trips raw |\n");
        out.append("|---|---|---|---|---|---|---|---|---|\n");
        List<String> sizes = List.of("2048", "51200");
        for (String size : sizes) {
            for (Pair pair : PAIRS) {
                Double limpet = medians.get(pair.benchmarkClass() + "." + pair.operation() + "@" + size);
                Double raw = medians.get(pair.benchmarkClass() + "." + pair.rawOperation() + "@" + size);
                Map<String, String> trips = roundTrips.getOrDefault(pair.store(), Map.of());
                out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", pair.store(),
                        size, pair.operation(), micros(limpet), pair.rawOperation(), micros(raw),
                        limpet == null || raw == null ? "n/a" : String.format(Locale.ROOT, "%.2f", limpet / raw),
                        size.equals("2048") ? trips.getOrDefault(pair.operation(), "n/a") : "same",
                        size.equals("2048") ? trips.getOrDefault(pair.rawOperation(), "n/a") : "same"));
            }
        }
        out.append("\nCPU only (no network): envelope, and the store layer over the in-memory backend\n\n");
        out.append("| benchmark | size | p50 µs |\n|---|---|---|\n");
        List<String> cpu = new ArrayList<>();
        for (String size : sizes) {
            for (String op : List.of("EnvelopeBenchmark.seal", "EnvelopeBenchmark.open", "MemoryStoreBenchmark.load",
                    "MemoryStoreBenchmark.save", "MemoryStoreBenchmark.deserialize", "MemoryStoreBenchmark.hash")) {
                cpu.add(String.format(Locale.ROOT, "| %s | %s | %s |", op, size, micros(medians.get(op + "@" + size))));
            }
        }
        out.append(String.join("\n", cpu)).append('\n');
        return out.toString();
    }

    private static String micros(Double value) {
        return value == null ? "n/a" : String.format(Locale.ROOT, "%.1f", value);
    }
}
