package dev.limpet.router.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.limpet.router.config.Constraints.Within;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.Valid;
import java.io.IOException;
import java.util.List;

/**
 * The bound persistence keys ({@link RouterYaml}): an entry of {@code classes}, and an entry of a
 * {@code persistence} list — a method name alone or a mapping of the method and its options. Immutable.
 */
final class PersistenceYaml {

    private PersistenceYaml() {
    }

    /** An entry of {@code classes}; the top-level keys of the same names make the default class ({@link RouterYaml}). */
    record PersistenceClass(
            String path,
            String pathRegex,
            @JsonDeserialize(contentUsing = EntryReader.class) List<@Valid Entry> persistence,
            @Default("rebalance") String onFailure,
            @Within(min = 200, max = 599, unit = "HTTP status") @Default("503") int sorryStatus,
            String sorryPage) {
    }

    /**
     * An entry of a {@code persistence} list. An option is {@code null} when not given: which options apply, and
     * their defaults, depend on the method ({@code docs/router.md}, "Persistence methods"). Bound field by field (a
     * record could not hold {@link #bare}, which no key sets); mutable, one instance per entry of one parse.
     */
    @JsonAutoDetect(fieldVisibility = Visibility.ANY)
    static final class Entry {
        /** {@code source-ip}'s default {@code ipv4Prefix}, in bits. */
        static final int IPV4_PREFIX = 32;
        /** {@code source-ip}'s default {@code ipv6Prefix}, in bits. */
        static final int IPV6_PREFIX = 64;
        /** {@code named-node}'s default header. */
        static final String NAMED_NODE_HEADER = "X-Limpet-Node";

        @NotNull(message = "is required") String method;
        String name;
        String namePrefix;
        String query;
        @Within(min = 1, max = 32, unit = "bits") Integer ipv4Prefix;
        @Within(min = 1, max = 128, unit = "bits") Integer ipv6Prefix;
        List<String> trustedProxies;
        /** Written as a method name alone, not as a mapping. */
        @JsonIgnore boolean bare;

        static Entry named(String method) {
            Entry e = new Entry();
            e.method = method;
            e.bare = true;
            return e;
        }
    }

    /**
     * Reads an entry written either as a method name or as a mapping; anything else is a problem of the
     * {@code persistence} key (the entry then reads as {@code null}, which the parser skips).
     */
    static final class EntryReader extends JsonDeserializer<Entry> {
        @Override
        public Entry deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                return Entry.named(p.getText());
            }
            if (p.currentToken() == JsonToken.START_OBJECT) {
                return ctxt.readValue(p, Entry.class);
            }
            String text = p.currentToken().isScalarValue() ? p.getText() : "(a list)";
            String list = YamlBinding.path(p).replaceFirst("\\[[0-9]+\\]$", "");
            p.skipChildren();
            YamlBinding.problems(ctxt).add(list, "entries must be a method name or a mapping {method: ..., ...},"
                    + " was [" + text + "]");
            return null;
        }
    }
}
