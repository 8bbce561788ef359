package dev.limpet.router.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.limpet.router.node.AdminState;
import dev.limpet.router.node.Node;
import dev.limpet.router.node.NodeRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state file ({@code lifecycle.stateFile}): every node's administrative state and weight, so that a drain or a
 * weight set through the admin API survives a restart (HAProxy's {@code server-state-file}). JSON,
 * {@code {"version":1,"nodes":[{"route":"node1","state":"draining","weight":1}, ...]}}; written after every change
 * through the admin API (to a temporary file moved over the old one, so a crash leaves the old or the new file,
 * never half of one), read at start, where it overrides {@code backends[].state} and {@code weight} of the routes
 * it names; routes it names that the configuration lacks are ignored. Thread-safe: writes are serialised.
 */
public final class NodeStateFile {

    private static final Logger LOG = LoggerFactory.getLogger(NodeStateFile.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    /** @param file the state file; it need not exist yet */
    public NodeStateFile(Path file) {
        this.file = file;
    }

    /**
     * Applies the saved state and weights to the nodes; nothing when the file does not exist.
     *
     * @param registry the nodes
     * @throws IOException if the file exists but cannot be read or is not a state file (the message says which)
     */
    public void restore(NodeRegistry registry) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IOException("state file [" + file + "] is not valid JSON (fix or delete it): "
                    + e.getMessage(), e);
        }
        if (root == null || !root.path("nodes").isArray()) {
            throw new IOException("state file [" + file + "] has no \"nodes\" list (fix or delete it)");
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
        LOG.info("state file [{}]: restored state and weight of [{}] nodes", file, applied);
    }

    /**
     * Writes every node's state and weight.
     *
     * @param registry the nodes
     */
    public synchronized void save(NodeRegistry registry) {
        ObjectNode root = JSON.createObjectNode().put("version", 1);
        ArrayNode nodes = root.putArray("nodes");
        for (Node node : registry.nodes()) {
            nodes.addObject().put("route", node.route()).put("state", node.adminState().configName())
                    .put("weight", node.weight());
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".limpet-state", ".tmp");
            Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.warn("cannot write state file [{}]: the change applies but will not survive a restart: {}", file,
                    e.toString());
        }
    }
}
