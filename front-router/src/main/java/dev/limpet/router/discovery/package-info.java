/**
 * Node discovery: the router's nodes taken from DNS ({@code discovery.dns}) or a Kubernetes Service's
 * EndpointSlices ({@code discovery.kubernetes}) beside the static {@code backends} list, added and removed while
 * the router runs through {@link dev.limpet.router.discovery.NodeMembership}. Keys and defaults:
 * {@code docs/router.md}; Kubernetes set-up: {@code docs/kubernetes.md}.
 */
package dev.limpet.router.discovery;
