package dev.limpet.bench;

/** System properties that point a store benchmark at its server (bench/stores.sh sets them). */
final class BenchProperties {

    private BenchProperties() {
    }

    /**
     * @param name    the property, e.g. {@code limpet.bench.memcached}
     * @param example what a value looks like, for the message
     * @return its value
     * @throws IllegalStateException if it is not set
     */
    static String require(String name, String example) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("set -D" + name + "=" + example + " (bench/stores.sh does)");
        }
        return value;
    }
}
