package dev.limpet.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Admin changes of state and weight survive a restart through {@code lifecycle.stateFile}. */
class StateFileIT {

    @Test
    void aDrainAndAWeightSetThroughTheApiSurviveARestart(@TempDir Path dir) throws Exception {
        try (RouterFixture fx = new RouterFixture("node1", "node2")) {
            String extra = "persistence: []\nlifecycle:\n  stateFile: state.json\n" + AdminClient.yaml(dir);
            fx.start(dir, extra);
            AdminClient admin = new AdminClient(fx.router);
            assertEquals(200, admin.change("/nodes/node1/state", "draining").statusCode());
            assertEquals(200, admin.change("/nodes/node2/weight", "7").statusCode());
            String saved = Files.readString(dir.resolve("state.json"));
            assertTrue(saved.contains("\"draining\""), saved);
            fx.router.stop(0);

            fx.start(dir, extra);
            AdminClient restarted = new AdminClient(fx.router);
            assertEquals("draining", restarted.node("node1").get("state").asText());
            assertEquals(7, restarted.node("node2").get("weight").asInt());
            for (int i = 0; i < 6; i++) {
                assertEquals("node2", RouterFixture.node(fx.get("/")), "the restored drain takes no new users");
            }
            fx.router.stop(0);

            Files.writeString(dir.resolve("state.json"), "{not json");
            RouterStartException e = assertThrows(RouterStartException.class, () -> fx.start(dir, extra));
            assertTrue(e.getMessage().contains("state.json") && e.getMessage().contains("fix or delete it"),
                    e.getMessage());
            fx.router = null;
        }
    }
}
