# Limpet: the signed X-Backend cookie that names this node to the Limpet router.
# See docs/jetty.md.

[description]
Sets Limpet's signed X-Backend cookie on every response of a request with a session, naming
this node (Jetty's session workerName) to the Limpet router, and makes a node that is sent a
session it holds a stale copy of load the live one from the Limpet session store.

[tags]
session
handler

[depends]
server
sessions

[lib]
lib/limpet/limpet-jetty.jar

[xml]
etc/limpet-backend-cookie.xml

[ini-template]
## Limpet X-Backend cookie (docs/jetty.md)

## The master secret (default: the one of limpet-session).
# jetty.limpet.backendCookie.secretFile=/etc/limpet/secret
# jetty.limpet.backendCookie.secretEnv=

## The route (default: jetty.sessionIdManager.workerName).
# jetty.limpet.backendCookie.route=

# jetty.limpet.backendCookie.cookieName=X-Backend
# jetty.limpet.backendCookie.maxAgeSeconds=1800
# jetty.limpet.backendCookie.secure=false
# jetty.limpet.backendCookie.httpOnly=true
# jetty.limpet.backendCookie.sameSite=Lax
# jetty.limpet.backendCookie.path=/
# jetty.limpet.backendCookie.sessionCookieName=JSESSIONID
