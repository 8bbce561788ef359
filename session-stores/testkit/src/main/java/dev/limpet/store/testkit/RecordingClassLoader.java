package dev.limpet.store.testkit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A class loader that delegates to its parent and records every class name asked of it. Thread-safe. */
public final class RecordingClassLoader extends ClassLoader {

    private final List<String> requested = new CopyOnWriteArrayList<>();

    /** @param parent the loader that does the work */
    public RecordingClassLoader(ClassLoader parent) {
        super(parent);
    }

    /** @return every class name requested so far, in order */
    public List<String> requested() {
        return List.copyOf(requested);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        requested.add(name);
        return super.loadClass(name, resolve);
    }
}
