package dev.limpet.router.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.limpet.core.route.RouteCodec;
import dev.limpet.router.admin.AdminHandler.AdminException;
import dev.limpet.router.config.BackendConfig;
import dev.limpet.router.config.BackendUrls;
import dev.limpet.router.node.AdminState;
import dev.limpet.router.node.Node;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The body of {@code POST /nodes} (HAProxy {@code add server}): a JSON object with {@code route} and {@code url}
 * (required, as in {@code backends[]}), and optional {@code weight} (0..256, default 1), {@code state}
 * ({@code active}, {@code draining}, {@code disabled}; default {@code active}) and {@code backup} (default
 * false). Every fault is listed in one 400 answer. Stateless.
 */
final class NodeDefinition {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KEYS = Set.of("route", "url", "weight", "state", "backup");

    private NodeDefinition() {
    }

    static BackendConfig parse(String body) {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new AdminException(400, "the body must be a JSON object {\"route\": ..., \"url\": ...}");
        }
        if (json == null || !json.isObject()) {
            throw new AdminException(400, "the body must be a JSON object {\"route\": ..., \"url\": ...}");
        }
        List<String> problems = new ArrayList<>();
        json.fieldNames().forEachRemaining(k -> {
            if (!KEYS.contains(k)) {
                problems.add(k + ": unknown key");
            }
        });
        String route = json.path("route").asText("");
        if (!RouteCodec.isValidRoute(route)) {
            problems.add("route: must match [A-Za-z0-9_-]{1,64}");
        }
        URI url = null;
        try {
            url = BackendUrls.parse(json.path("url").asText(""));
        } catch (IllegalArgumentException e) {
            problems.add("url: " + e.getMessage());
        }
        int weight = json.path("weight").asInt(json.has("weight") ? -1 : 1);
        if (weight < 0 || weight > Node.MAX_WEIGHT || json.has("weight") && !json.get("weight").isInt()) {
            problems.add("weight: must be a whole number from 0 to " + Node.MAX_WEIGHT);
        }
        AdminState state = AdminState.fromConfigName(json.path("state").asText("active"));
        if (state == null) {
            problems.add("state: must be active, draining or disabled");
        }
        if (json.has("backup") && !json.get("backup").isBoolean()) {
            problems.add("backup: must be true or false");
        }
        if (!problems.isEmpty()) {
            throw new AdminException(400, String.join("; ", problems));
        }
        return new BackendConfig(route, url, weight, state, json.path("backup").asBoolean(false));
    }
}
