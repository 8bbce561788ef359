/**
 * Launchers of real servers for end-to-end tests and the reliability harness, each on a free loopback port and
 * killable by PID: {@link dev.limpet.testsupport.RedisServerProcess}, {@link dev.limpet.testsupport.MemcachedServerProcess},
 * {@link dev.limpet.testsupport.PostgresServerProcess}, {@link dev.limpet.testsupport.MariaDbServerProcess} (all
 * {@link dev.limpet.testsupport.ServerProcess}) and {@link dev.limpet.testsupport.TomcatProcess}, the real Tomcat
 * distribution with the drop-in jar.
 */
package dev.limpet.testsupport;
