package dev.limpet.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator console in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, driven
 * by Selenium; {@code bin/test} installs them): it shows every node with live figures, and its drain and weight
 * controls change the router through the authenticated API with the token typed into the page, never in a URL.
 * The screenshot is kept as {@code target/console-screenshot.png}.
 */
class ConsoleBrowserIT {

    @Test
    void theConsoleShowsNodesRefreshesAndDrainsAndWeighsThroughTheApi(@TempDir Path dir) throws Exception {
        try (RouterFixture fx = new RouterFixture("node1", "node2")) {
            fx.start(dir, "persistence: []\n" + AdminClient.yaml(dir));
            AdminClient admin = new AdminClient(fx.router);
            AtomicBoolean loading = new AtomicBoolean(true);
            Thread load = new Thread(() -> {
                while (loading.get()) {
                    try {
                        fx.get("/");
                        Thread.sleep(20); // the scenario: a steady trickle of traffic for the console to show
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            load.start();
            ChromeDriver browser = chromium(dir);
            try {
                String url = "http://127.0.0.1:" + fx.router.adminPort() + "/";
                browser.get(url);
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
                wait.ignoring(StaleElementReferenceException.class); // the table is re-rendered every 2 s
                wait.until(b -> !b.findElements(By.id("node-node1")).isEmpty()
                        && !b.findElements(By.id("node-node2")).isEmpty());
                assertEquals("active", cell(browser, "node1", "state"));
                assertEquals("0", browser.findElement(By.id("tunnels")).getText());
                wait.until(b -> cell(browser, "node1", "rate").matches("[0-9.]+") && !cell(browser, "node1", "rate")
                        .equals("0.0"));

                click(wait, "#node-node1 button.drain");
                wait.until(b -> browser.findElement(By.id("status")).getText().contains("401")
                        || browser.findElement(By.id("status")).getText().contains("Authorization"));
                assertEquals("active", admin.node("node1").get("state").asText(), "no token, no change");

                browser.findElement(By.id("token")).sendKeys(AdminClient.TOKEN);
                click(wait, "#node-node1 button.drain");
                wait.until(b -> cell(browser, "node1", "state").equals("draining"));
                assertEquals("draining", admin.node("node1").get("state").asText());

                wait.until(b -> {
                    WebElement weight = b.findElement(By.cssSelector("#node-node2 input.weight-input"));
                    weight.clear();
                    weight.sendKeys("7");
                    b.findElement(By.cssSelector("#node-node2 button.set-weight")).click();
                    return true;
                });
                wait.until(b -> cell(browser, "node2", "weight").equals("7"));
                assertEquals(7, admin.node("node2").get("weight").asInt());
                wait.until(b -> cell(browser, "node2", "latency").matches("[0-9.]+"));

                assertEquals(url, browser.getCurrentUrl(), "the token never goes into the URL");
                assertFalse(browser.getCurrentUrl().contains(AdminClient.TOKEN));
                Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
                Path kept = Path.of("target", "console-screenshot.png");
                Files.copy(shot, kept, StandardCopyOption.REPLACE_EXISTING);
                assertTrue(Files.size(kept) > 1000);
                System.out.println("console screenshot: " + kept.toAbsolutePath());
            } finally {
                browser.quit();
                loading.set(false);
                load.join(10_000);
            }
        }
    }

    /** Clicks, again if a refresh replaced the element between finding and clicking it. */
    private static void click(WebDriverWait wait, String css) {
        wait.until(b -> {
            b.findElement(By.cssSelector(css)).click();
            return true;
        });
    }

    private static String cell(ChromeDriver browser, String route, String column) {
        return browser.findElement(By.cssSelector("#node-" + route + " td." + column)).getText();
    }

    /** Headless Chromium from Debian's packages, with a fresh profile and nothing phoning home. */
    private static ChromeDriver chromium(Path dir) throws Exception {
        Path binary = Path.of("/usr/bin/chromium");
        Path driver = Path.of("/usr/bin/chromedriver");
        if (!Files.isExecutable(binary) || !Files.isExecutable(driver)) {
            throw new IllegalStateException("install Debian's chromium and chromium-driver (bin/test does)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,700",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
