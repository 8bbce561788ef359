/**
 * The Tomcat adapter, delivered as the drop-in {@code limpet-tomcat.jar} for {@code $CATALINA_BASE/lib}:
 * {@link dev.limpet.tomcat.BackendCookieValve} names the node in a signed {@code X-Backend} cookie, and
 * {@link dev.limpet.tomcat.LimpetSessionManager} backs sessions up to a store so another node can take them
 * over. Every attribute: {@code docs/tomcat.md}.
 */
package dev.limpet.tomcat;
