package dev.limpet.reliability;

import java.util.List;

/**
 * A fault script played against a {@link Rig} while the users shop (docs/reliability.md lists each). It runs for the
 * run's duration and leaves the rig whole at the end: every node running, the store up, every link healed, the
 * router in its {@link Rig.RouterMode#COOKIE} mode — so several scenarios can run one after another on one rig.
 */
interface Scenario {

    /** @return the command-line name, e.g. {@code kill-nodes} */
    String name();

    /** @return the rig the scenario needs when it runs alone */
    Rig.Spec spec();

    /** Plays the faults; returns at the end of the run. */
    void play(Rig rig, Timeline timeline) throws Exception;

    /** Runs before the users start (e.g. the router switched to the persistence the scenario tests). */
    default void prepare(Rig rig) throws Exception {
    }

    /** Runs after the users' last look: puts the rig back as it was before {@link #prepare}. */
    default void restore(Rig rig) throws Exception {
    }

    /** The run's clock: waits for points of the run and records events. */
    interface Timeline {
        /** Waits until this fraction (0..1) of the run has passed. */
        void at(double fraction) throws InterruptedException;

        /** Records an event now (a fault or a repair). */
        void event(String what);

        /** @return the run's duration in seconds */
        long seconds();
    }

    /** {@code kill -9} of node1, then of node2 (with three nodes or more), each restarted later. */
    static Scenario killNodes(Rig.Spec spec) {
        return new Named("kill-nodes", spec, (rig, t) -> {
            List<String> routes = rig.routes();
            boolean two = routes.size() >= 3;
            double[] at = two ? new double[] {0.15, 0.35, 0.55, 0.75} : new double[] {0.15, 0.4, 0.55, 0.8};
            String[] order = two ? new String[] {"kill node1", "kill node2", "start node1", "start node2"}
                    : new String[] {"kill node1", "start node1", "kill node2", "start node2"};
            for (int i = 0; i < order.length; i++) {
                t.at(at[i]);
                String route = order[i].substring(order[i].indexOf(' ') + 1);
                if (order[i].startsWith("kill")) {
                    rig.kill9(route);
                    t.event(route + " killed (kill -9)");
                } else {
                    t.event(route + " restarting");
                    rig.start(route);
                    t.event(route + " serving again");
                }
            }
            t.at(1);
        });
    }

    /**
     * The store killed ({@code kill -9}) at a quarter of the run for {@code outageSeconds}, then started again. A
     * store of several servers killed one by one ({@link Store#steps()}) is killed and started in the same order,
     * {@link Store#STEP_MILLIS} apart.
     */
    static Scenario storeOutage(Rig.Spec spec, int outageSeconds) {
        String mode = spec.sticky() ? "sticky" : "non-sticky";
        return new Named("store-outage-" + spec.store().name().toLowerCase(java.util.Locale.ROOT) + "-" + mode, spec,
                (rig, t) -> {
                    t.at(0.25);
                    Store store = rig.store();
                    for (int step = 0; step < store.steps(); step++) {
                        Thread.sleep(step == 0 ? 0 : Store.STEP_MILLIS);
                        t.event(store.kill(step));
                    }
                    Thread.sleep(outageSeconds * 1000L);
                    for (int step = 0; step < store.steps(); step++) {
                        Thread.sleep(step == 0 ? 0 : Store.STEP_MILLIS);
                        t.event(store.restart(step));
                    }
                    t.at(1);
                });
    }

    /** The router restarted twice: gracefully ({@code kill -TERM}) at 30 %, with {@code kill -9} at 65 %. */
    static Scenario routerRestart(Rig.Spec spec, boolean sharedTable) {
        Rig.RouterMode mode = sharedTable ? Rig.RouterMode.LEARN_SHARED : Rig.RouterMode.LEARN_LOCAL;
        return new Named("router-restart-" + (sharedTable ? "shared-table" : "local-table"), spec, (rig, t) -> {
            t.at(0.3);
            t.event("router stopping (kill -TERM)");
            rig.restartRouter(mode, false);
            t.event("router listening again");
            t.at(0.65);
            t.event("router killed (kill -9)");
            rig.restartRouter(mode, true);
            t.event("router listening again");
            t.at(1);
        }, rig -> rig.restartRouter(mode, false), rig -> rig.restartRouter(Rig.RouterMode.COOKIE, false));
    }

    /**
     * Six network faults on node1's links, one after another, each for a thirteenth of the run with as long a pause
     * after it: 300 ms latency, connections reset, a stall — between the router and node1, then between node1 and
     * the store.
     */
    static Scenario network(Rig.Spec spec) {
        return new Named("network", spec, (rig, t) -> {
            double slot = 1.0 / 13;
            int i = 0;
            for (String link : List.of("router->node1", "node1->store")) {
                for (String fault : List.of("latency 300 ms", "reset", "stall")) {
                    t.at(slot * (1 + 2 * i++));
                    List<FaultProxy> proxies = link.startsWith("router") ? List.of(rig.routerLink("node1"))
                            : rig.storeLinks("node1");
                    for (FaultProxy proxy : proxies) {
                        switch (fault) {
                            case "reset" -> proxy.reset();
                            case "stall" -> proxy.stall();
                            default -> proxy.latency(300);
                        }
                    }
                    t.event(link + ": " + fault);
                    t.at(slot * (2 * i));
                    proxies.forEach(FaultProxy::heal);
                    t.event(link + ": healed");
                }
            }
            t.at(1);
        });
    }

    /** Every node stopped gracefully and started again, one at a time, spread over the run. */
    static Scenario rollingRestart(Rig.Spec spec) {
        return new Named("rolling-restart", spec, (rig, t) -> {
            List<String> routes = rig.routes();
            for (int i = 0; i < routes.size(); i++) {
                t.at((i + 0.5) / (routes.size() + 1));
                t.event(routes.get(i) + " stopping (kill -TERM)");
                rig.stop(routes.get(i));
                rig.start(routes.get(i));
                t.event(routes.get(i) + " serving again");
            }
            t.at(1);
        });
    }

    /** No fault: the same users for the whole run, memory sampled every 10 s. */
    static Scenario soak(Rig.Spec spec) {
        return new Named("soak", spec, (rig, t) -> t.at(1));
    }

    /** A step run against a rig. */
    @FunctionalInterface
    interface Step {
        void run(Rig rig) throws Exception;
    }

    /** A fault script played between its set-up (before the users start) and the rig's usual router mode. */
    @FunctionalInterface
    interface Script {
        void play(Rig rig, Timeline timeline) throws Exception;
    }

    /** A scenario made of a name, a spec, a script, and steps before and after it. */
    record Named(String name, Rig.Spec spec, Script script, Step setUp, Step tearDown) implements Scenario {

        Named(String name, Rig.Spec spec, Script script) {
            this(name, spec, script, rig -> { }, rig -> { });
        }

        @Override
        public void prepare(Rig rig) throws Exception {
            setUp.run(rig);
        }

        @Override
        public void restore(Rig rig) throws Exception {
            tearDown.run(rig);
        }

        @Override
        public void play(Rig rig, Timeline timeline) throws Exception {
            script.play(rig, timeline);
        }
    }
}
