package dev.limpet.router.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The nodes' administrative state and weight as JSON, {@code {"version":1,"nodes":[{"route":"node1",
 * "state":"draining","weight":1}, ...]}}: the format of the state file and of the state shared through Redis.
 * Stateless and thread-safe.
 */
public final class NodeStates {

    private static final ObjectMapper JSON = new ObjectMapper();

    private NodeStates() {
    }

    /**
     * @param registry the nodes
     * @return every node's state and weight, pretty-printed JSON
     */
    public static String encode(NodeRegistry registry) {
        ObjectNode root = JSON.createObjectNode().put("version", 1);
        ArrayNode nodes = root.putArray("nodes");
        for (Node node : registry.nodes()) {
            nodes.addObject().put("route", node.route()).put("state", node.adminState().configName())
                    .put("weight", node.weight());
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot happen: a tree of strings and numbers", e);
        }
    }

    /**
     * Applies saved states and weights to the nodes of the same routes; entries naming unknown routes, or with
     * a state or weight out of range, are skipped.
     *
     * @param json     the saved JSON
     * @param registry the nodes
     * @return how many nodes were set
     * @throws IllegalArgumentException if {@code json} is not valid JSON with a {@code nodes} list
     */
    public static int apply(String json, NodeRegistry registry) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.path("nodes").isArray()) {
            throw new IllegalArgumentException("no \"nodes\" list");
        }
        int applied = 0;
        for (JsonNode entry : root.get("nodes")) {
            Node node = registry.find(entry.path("route").asText(null));
            AdminState state = AdminState.fromConfigName(entry.path("state").asText(null));
            int weight = entry.path("weight").asInt(-1);
            if (node == null || state == null || weight < 0 || weight > Node.MAX_WEIGHT) {
                continue;
            }
            node.setAdminState(state);
            node.setWeight(weight);
            applied++;
        }
        return applied;
    }
}
