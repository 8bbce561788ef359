/**
 * The routing decision: persistence classes (path patterns with ordered methods and a failure mode) and the
 * decider that turns a pin, the node states and the balancer into the node a request goes to.
 */
package dev.limpet.router.routing;
