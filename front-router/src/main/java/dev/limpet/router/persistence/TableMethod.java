package dev.limpet.router.persistence;

import dev.limpet.router.table.SessionTable;

/**
 * Base of the {@link LearningMethod}s: looks the request's key up in the {@link SessionTable} and re-pins it.
 * Subclasses say how a request carries its key and what a response teaches. Thread-safe when subclasses are.
 */
public abstract class TableMethod implements LearningMethod {

    private final String name;
    private final SessionTable table;

    /**
     * @param name  the method's configuration name
     * @param table the router's session table
     */
    protected TableMethod(String name, SessionTable table) {
        this.name = name;
        this.table = table;
    }

    @Override
    public final String name() {
        return name;
    }

    /** @return the router's session table */
    protected final SessionTable table() {
        return table;
    }

    @Override
    public final String route(ClientRequest request) {
        return table.route(requestKey(request));
    }

    @Override
    public final void repin(ClientRequest request, String route) {
        table.pin(requestKey(request), route);
    }
}
