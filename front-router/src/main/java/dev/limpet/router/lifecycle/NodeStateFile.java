package dev.limpet.router.lifecycle;

import dev.limpet.router.node.NodeRegistry;
import dev.limpet.router.node.NodeStates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state file ({@code lifecycle.stateFile}): every node's administrative state and weight ({@link NodeStates}
 * JSON), so that a drain or a weight set through the admin API survives a restart (HAProxy's
 * {@code server-state-file}). Written after every change (to a temporary file moved over the old one, so a crash
 * leaves the old or the new file, never half of one), read at start, where it overrides {@code backends[].state}
 * and {@code weight} of the routes it names; routes the configuration lacks are ignored. Thread-safe: writes are
 * serialised.
 */
public final class NodeStateFile {

    private static final Logger LOG = LoggerFactory.getLogger(NodeStateFile.class);

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
        try {
            int applied = NodeStates.apply(Files.readString(file, StandardCharsets.UTF_8), registry);
            LOG.info("state file [{}]: restored state and weight of [{}] nodes", file, applied);
        } catch (IllegalArgumentException | IOException e) {
            throw new IOException("state file [" + file + "] is unreadable (fix or delete it): " + e.getMessage(), e);
        }
    }

    /**
     * Writes every node's state and weight; a failure is logged (the change applies but will not survive a
     * restart).
     *
     * @param registry the nodes
     */
    public synchronized void save(NodeRegistry registry) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".limpet-state", ".tmp");
            Files.writeString(tmp, NodeStates.encode(registry));
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
