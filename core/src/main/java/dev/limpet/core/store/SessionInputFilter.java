package dev.limpet.core.store;

import java.io.ObjectInputFilter;

/**
 * The {@link ObjectInputFilter} of one deserialization: limits, the {@link ClassNamePolicy} and the JVM-wide
 * filter. Remembers the first rejection so that the caller can tell "refused" from "broken". One instance
 * per stream; not thread-safe.
 */
final class SessionInputFilter implements ObjectInputFilter {

    /** Stream limits; see {@link SessionSerializer}. */
    record Limits(int maxDepth, long maxBytes, long maxReferences, long maxArrayLength) {
    }

    private final ClassNamePolicy policy;
    private final Limits limits;
    private String rejection;

    SessionInputFilter(ClassNamePolicy policy, Limits limits) {
        this.policy = policy;
        this.limits = limits;
    }

    /** @return the class name policy */
    ClassNamePolicy policy() {
        return policy;
    }

    /** @return what was rejected first, or {@code null} */
    String rejection() {
        return rejection;
    }

    /**
     * Records a rejection made outside the filter (class name check before loading, proxy classes).
     *
     * @param what the refused thing, e.g. {@code class [x.Y]}
     */
    void reject(String what) {
        if (rejection == null) {
            rejection = what;
        }
    }

    @Override
    public Status checkInput(FilterInfo info) {
        if (info.depth() > limits.maxDepth() || info.references() > limits.maxReferences()
                || info.streamBytes() > limits.maxBytes() || info.arrayLength() > limits.maxArrayLength()) {
            reject("limit exceeded (depth [" + info.depth() + "], references [" + info.references() + "], bytes ["
                    + info.streamBytes() + "], array length [" + info.arrayLength() + "])");
            return Status.REJECTED;
        }
        Class<?> type = info.serialClass();
        if (type != null && !policy.allows(type)) {
            reject("class [" + type.getName() + "]");
            return Status.REJECTED;
        }
        ObjectInputFilter jvmWide = ObjectInputFilter.Config.getSerialFilter();
        if (jvmWide != null && jvmWide.checkInput(info) == Status.REJECTED) {
            reject("jdk.serialFilter");
            return Status.REJECTED;
        }
        return Status.ALLOWED;
    }
}
