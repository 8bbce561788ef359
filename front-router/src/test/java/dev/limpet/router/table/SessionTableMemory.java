package dev.limpet.router.table;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Measures the heap used per session-table entry at one million entries: fills a table with 1,000,000
 * {@code learn-cookie} keys as a Tomcat {@code JSESSIONID} (32 hex characters) would give, and reads the used heap
 * after full GCs before and after. A bench, not a test: run it as
 * {@code java -cp <test classpath> dev.limpet.router.table.SessionTableMemory} (see bench/ROUTER.md).
 */
public final class SessionTableMemory {

    private SessionTableMemory() {
    }

    public static void main(String[] args) throws Exception {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String[] routes = {"node1", "node2"};
        long before = usedAfterGc();
        SessionTable table = new SessionTable(new SessionTableConfig(entries, 1800, 512, null), null);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < entries; i++) {
            String id = Long.toHexString(random.nextLong() | Long.MIN_VALUE) + Long.toHexString(random.nextLong()
                    | Long.MIN_VALUE);
            table.pin(table.key("cookie:JSESSIONID=", id.toUpperCase()), routes[i & 1]);
        }
        table.cleanUp();
        long after = usedAfterGc();
        long size = table.stats().size();
        System.out.printf("entries=%d usedDeltaBytes=%d bytesPerEntry=%.1f (key: 32-hex JSESSIONID, 50-char key)%n",
                size, after - before, (after - before) / (double) size);
        System.out.println(table.route("absent") == null ? "ok" : "?");
    }

    private static long usedAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
