# Limpet: Jetty sessions shared through Redis, Memcached or JDBC (PostgreSQL, MariaDB/MySQL, H2).
# See docs/jetty.md of https://github.com/limpet (the project's docs/jetty.md).

[description]
Enables Limpet's session data store: Jetty's sessions are backed up to Redis, Memcached
or a JDBC database (signed blob, class filter, versioned conditional writes), so another
node takes a session over when its node dies. Jetty's own SessionHandler, session cache
and DefaultSessionIdManager (workerName = the node's route) are used unchanged.

[tags]
session

[provides]
session-store

[depends]
sessions
session-cache-hash

[lib]
lib/limpet/limpet-jetty.jar

[xml]
etc/limpet-session-store.xml

[ini]
# Objects changed in place (without setAttribute) are only seen if the session is offered
# to the store before every response commits; the store writes it only when it changed.
jetty.session.flushOnResponseCommit?=true

[ini-template]
## Limpet session store (docs/jetty.md)

## The store: redis://host:6379/0, rediss://..., memcached://h1:11211,h2:11211,
## jdbc:postgresql://host/db?user=..., jdbc:mariadb://..., jdbc:h2:... or memory:
## (a JDBC driver goes in $JETTY_BASE/lib/ext/ with the ext module)
# jetty.session.limpet.storeUri=redis://127.0.0.1:6379/0

## The master secret shared by the nodes and the router: a file (relative to jetty.base)
## or an environment variable; exactly one.
# jetty.session.limpet.secretFile=/etc/limpet/secret
# jetty.session.limpet.secretEnv=

## Key namespace of the web application (default: virtual host and context path).
# jetty.session.limpet.keyPrefix=

## Longest wait for one store operation, milliseconds (1..60000).
# jetty.session.limpet.operationTimeoutMillis=1000

## Classes that may be deserialized, a regular expression on the class name
## (default: the JDK basics and the web application's own classes).
# jetty.session.limpet.sessionAttributeValueClassNameFilter=

## The node's route is Jetty's session worker name (module sessions), for example:
# jetty.sessionIdManager.workerName=node1
