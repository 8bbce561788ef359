/**
 * Prometheus metrics of the backend side: {@link dev.limpet.tomcat.metrics.LimpetMetricsServlet} serves what the
 * {@code LimpetSessionManager} MBeans of the JVM count (sessions, takeovers, conflicts, backup failures by cause,
 * store latency), read through JMX at each scrape with the Prometheus Java client. See docs/tomcat.md "Metrics".
 */
package dev.limpet.tomcat.metrics;
