package dev.limpet.router.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.limpet.router.balance.HashKey;
import dev.limpet.router.config.Constraints.Within;
import dev.limpet.router.node.AdminState;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiFunction;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Binds the router's YAML to {@link RouterYaml} and the records of its sections with Jackson, after writing in the
 * {@link Default} of every absent key, and validates it with Jakarta Bean Validation
 * (Hibernate Validator, {@link ParameterMessageInterpolator}: no expression language), collecting every problem
 * instead of stopping at the first: an unknown key, a value of the wrong type and a violated constraint each add
 * one line {@code path: problem} to a {@link ConfigProblems}, the path written as {@code backends[1].url}. Scalars
 * are read strictly, as YAML wrote them: a whole number for a number key (no {@code "5"}, no {@code 1.5}), a boolean
 * for a boolean key, any scalar but a boolean for a string key; a {@code null} value keeps the default. A path is
 * resolved against the configuration's directory; a node URL, node state and hash key are read by their own rules
 * ({@link BackendUrls}, {@link AdminState}, {@link HashKey}). Thread-safe:
 * the mapper and validator are shared, the problems of one parse travel in its {@link DeserializationContext}.
 */
final class YamlBinding {

    private static final ObjectMapper YAML = new ObjectMapper(
            YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
    private static final ObjectMapper BINDER = binder();
    private static final Validator VALIDATOR = Validation.byProvider(HibernateValidator.class).configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();

    private YamlBinding() {
    }

    /**
     * @param yaml     the configuration text
     * @param baseDir  the directory a relative path ({@link Path} key) is resolved against
     * @param problems receives every problem; legacy keys add warnings
     * @return the bound and validated configuration; meaningful only while {@code problems} is empty
     * @throws ConfigException when the text is no YAML mapping at all (nothing else can be said then)
     */
    static RouterYaml bind(String yaml, Path baseDir, ConfigProblems problems) throws ConfigException {
        ObjectNode root = readTree(yaml);
        LegacyKeys.rewrite(root, problems);
        fill(RouterYaml.class, root);
        RouterYaml bound = read(root, baseDir, problems, problems);
        if (!problems.unreadable().isEmpty()) {
            // A value that could not be read was bound as null, 0 or false. Bind once more without those values,
            // so that every key the rules across keys look at holds its default (or is absent when it has none);
            // the problems of this pass are the ones already listed.
            List<JsonPointer> unreadable = new ArrayList<>(problems.unreadable());
            java.util.Collections.reverse(unreadable); // the later element of a list first: indices stay right
            unreadable.forEach(at -> remove(root, at));
            fill(RouterYaml.class, root);
            bound = read(root, baseDir, new ConfigProblems(), problems);
        }
        List<ConstraintViolation<RouterYaml>> violations = new ArrayList<>(VALIDATOR.validate(bound));
        violations.sort(Comparator.comparing(v -> v.getPropertyPath().toString()));
        for (ConstraintViolation<RouterYaml> v : violations) {
            Object value = v.getInvalidValue();
            boolean scalar = value instanceof String || value instanceof Number || value instanceof Boolean;
            problems.validated(v.getPropertyPath().toString(), v.getMessage() + (scalar ? ", was [" + value + "]" : ""));
        }
        return bound;
    }

    private static RouterYaml read(ObjectNode root, Path baseDir, ConfigProblems collect, ConfigProblems listed)
            throws ConfigException {
        try {
            return BINDER.readerFor(RouterYaml.class).withAttribute(ConfigProblems.class, collect)
                    .withAttribute(Path.class, baseDir).readValue(BINDER.writeValueAsBytes(root));
        } catch (IOException e) {
            // Every known kind of fault is collected by the handlers; this is the last resort.
            listed.add(e instanceof com.fasterxml.jackson.databind.JsonMappingException m ? pathOf(m) : "",
                    String.valueOf(e.getMessage()).lines().findFirst().orElse("cannot be read"));
            throw new ConfigException(listed.lines());
        }
    }

    /** Removes the value at {@code at} from the tree, when it is there. */
    private static void remove(ObjectNode root, JsonPointer at) {
        if (at.matches()) {
            return;
        }
        JsonNode parent = root.at(at.head());
        if (parent instanceof ObjectNode o && at.last().mayMatchProperty()) {
            o.remove(at.last().getMatchingProperty());
        } else if (parent instanceof ArrayNode a && at.last().mayMatchElement()) {
            a.remove(at.last().getMatchingIndex());
        }
    }

    /**
     * @param type a bound record
     * @param yaml some of its keys, e.g. {@code {enabled: false}}; valid
     * @return the record with those keys and every other at its {@link Default}
     */
    static <T> T defaults(Class<T> type, String yaml) {
        try {
            ObjectNode node = (ObjectNode) YAML.readTree(yaml);
            fill(type, node);
            return BINDER.readerFor(type).withAttribute(ConfigProblems.class, new ConfigProblems())
                    .withAttribute(Path.class, Path.of("")).readValue(BINDER.writeValueAsBytes(node));
        } catch (IOException e) {
            throw new IllegalArgumentException("bad defaults of " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** @return the key a record component binds: its {@link JsonProperty} name, else its own */
    static String key(Field component) {
        JsonProperty named = component.getAnnotation(JsonProperty.class);
        return named == null ? component.getName() : named.value();
    }

    /** @return the record's components as fields, in order (where the annotations of a component are) */
    static List<Field> components(Class<?> record) {
        List<Field> out = new ArrayList<>();
        for (RecordComponent c : record.getRecordComponents()) {
            try {
                out.add(record.getDeclaredField(c.getName()));
            } catch (NoSuchFieldException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /** @return the type a component holds: its element type for a list */
    static Class<?> held(Field component) {
        return List.class.isAssignableFrom(component.getType())
                ? (Class<?>) ((ParameterizedType) component.getGenericType()).getActualTypeArguments()[0]
                : component.getType();
    }

    /** Writes the {@link Default} of every key of {@code type} that {@code node} lacks or sets to null, section by section. */
    private static void fill(Class<?> type, ObjectNode node) {
        if (!type.isRecord()) {
            return;
        }
        for (Field c : components(type)) {
            String key = key(c);
            Default d = c.getAnnotation(Default.class);
            if (d != null && (node.get(key) == null || node.get(key).isNull())) {
                // A string key's default is its text as written (limpet:pin: would read as a YAML mapping).
                node.set(key, c.getType() == String.class ? TextNode.valueOf(d.value()) : parseDefault(d.value()));
            }
            JsonNode value = node.get(key);
            if (value instanceof ObjectNode o) {
                fill(held(c), o);
            } else if (value instanceof ArrayNode a) {
                a.forEach(e -> {
                    if (e instanceof ObjectNode o) {
                        fill(held(c), o);
                    }
                });
            }
        }
    }

    private static JsonNode parseDefault(String yaml) {
        try {
            return YAML.readTree(yaml);
        } catch (IOException e) {
            throw new IllegalStateException("bad @Default [" + yaml + "]", e);
        }
    }

    /** @return the problems of the parse {@code ctxt} belongs to */
    static ConfigProblems problems(DeserializationContext ctxt) {
        return (ConfigProblems) ctxt.getAttribute(ConfigProblems.class);
    }

    /** Adds a problem of the parser's current value, which could not be read: bound again without it. */
    private static void unreadable(DeserializationContext ctxt, JsonParser p, String message) {
        JsonPointer at = JsonPointer.empty();
        for (JsonStreamContext c : contexts(p)) {
            at = c.inArray() ? at.appendIndex(c.getCurrentIndex()) : at.appendProperty(c.getCurrentName());
        }
        problems(ctxt).unreadable(path(p), at, message);
    }

    /** @return the contexts from the root to the parser's current value that name a key or an index */
    private static List<JsonStreamContext> contexts(JsonParser p) {
        List<JsonStreamContext> out = new ArrayList<>();
        for (JsonStreamContext c = p.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray() && c.hasCurrentIndex() || c.inObject() && c.getCurrentName() != null) {
                out.add(0, c);
            }
        }
        return out;
    }

    /** @return the key path of the parser's current value, e.g. {@code backends[1].url} */
    static String path(JsonParser p) {
        StringBuilder parts = new StringBuilder();
        for (JsonStreamContext c : contexts(p)) {
            parts.append(c.inArray() ? "[" + c.getCurrentIndex() + "]" : "." + c.getCurrentName());
        }
        String path = parts.toString();
        return path.startsWith(".") ? path.substring(1) : path;
    }

    private static String pathOf(com.fasterxml.jackson.databind.JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (com.fasterxml.jackson.databind.JsonMappingException.Reference r : e.getPath()) {
            path.append(r.getFieldName() != null ? (path.length() > 0 ? "." : "") + r.getFieldName()
                    : "[" + r.getIndex() + "]");
        }
        return path.toString();
    }

    private static ObjectNode readTree(String yaml) throws ConfigException {
        JsonNode root;
        try {
            root = YAML.readTree(yaml == null ? "" : yaml);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            // One line per problem: the YAML library's message spans several.
            String detail = String.valueOf(e.getOriginalMessage()).strip().replaceAll("\\s+", " ");
            throw new ConfigException(List.of("YAML syntax error" + where + ": " + detail));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new ConfigException(List.of("configuration is empty"));
        }
        if (!root.isObject()) {
            throw new ConfigException(List.of("configuration must be a mapping of keys to values"));
        }
        return (ObjectNode) root;
    }

    private static ObjectMapper binder() {
        SimpleModule scalars = new SimpleModule("strict-scalars");
        for (Class<?> type : List.of(String.class, boolean.class, Boolean.class, int.class, Integer.class, long.class,
                Long.class, double.class, Double.class)) {
            register(scalars, type);
        }
        convert(scalars, URI.class, (text, ctxt) -> BackendUrls.parse(text));
        convert(scalars, Path.class, (text, ctxt) -> {
            try {
                return ((Path) ctxt.getAttribute(Path.class)).resolve(text);
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("must be a path: " + e.getReason(), e);
            }
        });
        convert(scalars, AdminState.class, (text, ctxt) -> known(AdminState.fromConfigName(text),
                "must be active, draining or disabled, was [" + text + "]"));
        convert(scalars, HashKey.class, (text, ctxt) -> known(HashKey.parse(text),
                "must be source-ip, path, header:NAME or cookie:NAME, was [" + text + "]"));
        return new ObjectMapper().registerModule(scalars).addHandler(new Handler());
    }

    private static <T> T known(T value, String problem) {
        if (value == null) {
            throw new IllegalArgumentException(problem);
        }
        return value;
    }

    private static <T> void convert(SimpleModule module, Class<T> type,
                                    BiFunction<String, DeserializationContext, T> from) {
        module.addDeserializer(type, new JsonDeserializer<T>() {
            @Override
            public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                String text = (String) new Scalar(String.class, null).deserialize(p, ctxt);
                try {
                    return text == null ? null : from.apply(text, ctxt);
                } catch (IllegalArgumentException e) {
                    unreadable(ctxt, p, e.getMessage());
                    return null;
                }
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static <T> void register(SimpleModule module, Class<T> type) {
        module.addDeserializer(type, (JsonDeserializer<T>) new Scalar(type, null));
    }

    /** Reads one scalar strictly; a value of the wrong shape is a problem and reads as 0, false or null. */
    private static final class Scalar extends JsonDeserializer<Object> implements ContextualDeserializer {
        private final Class<?> type;
        private final Within range;

        Scalar(Class<?> type, Within range) {
            this.type = type;
            this.range = range;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
            return new Scalar(type, property == null ? null : property.getAnnotation(Within.class));
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken t = p.currentToken();
            boolean whole = t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
            if (type == String.class && t.isScalarValue() && !t.isBoolean()) {
                return p.getText();
            } else if ((type == boolean.class || type == Boolean.class) && t.isBoolean()) {
                return t == JsonToken.VALUE_TRUE;
            } else if ((type == long.class || type == Long.class) && whole) {
                return p.getLongValue();
            } else if ((type == int.class || type == Integer.class) && whole
                    && p.getNumberType() == JsonParser.NumberType.INT) {
                return p.getIntValue();
            } else if ((type == double.class || type == Double.class) && t.isNumeric()) {
                return p.getDoubleValue();
            }
            String text = t.isScalarValue() ? p.getText() : "";
            unreadable(ctxt, p, expected() + (type == String.class ? "" : ", was [" + text + "]"));
            p.skipChildren();
            return type.isPrimitive() ? zero() : null;
        }

        private Object zero() {
            return type == boolean.class ? Boolean.FALSE : type == int.class ? (Object) 0 : type == long.class
                    ? (Object) 0L : (Object) 0.0;
        }

        private String expected() {
            if (type == String.class) {
                return "must be a string";
            } else if (type == boolean.class || type == Boolean.class) {
                return "must be true or false";
            } else if (type == double.class || type == Double.class) {
                return "must be a number";
            }
            return range == null ? "must be a whole number" : "must be a whole number from " + range.min() + " to "
                    + range.max() + " (" + range.unit() + ")";
        }
    }

    /** Turns the faults Jackson would throw for into problems, so that the binding goes on. */
    private static final class Handler extends DeserializationProblemHandler {
        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deser,
                                             Object bean, String name) throws IOException {
            problems(ctxt).bindingFailed(path(p), "unknown key");
            p.skipChildren();
            return true;
        }

        @Override
        public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType target, JsonToken t, JsonParser p,
                                            String failureMsg) throws IOException {
            return wrongShape(ctxt, target.getRawClass(), p);
        }

        @Override
        public Object handleMissingInstantiator(DeserializationContext ctxt, Class<?> type, ValueInstantiator inst,
                                                JsonParser p, String msg) throws IOException {
            return wrongShape(ctxt, type, p);
        }

        private static Object wrongShape(DeserializationContext ctxt, Class<?> type, JsonParser p) throws IOException {
            boolean list = java.util.Collection.class.isAssignableFrom(type);
            unreadable(ctxt, p, list ? "must be a list" : "must be a mapping of keys to values");
            p.skipChildren();
            return list ? new ArrayList<>() : type.isRecord() ? defaults(type, "{}") : null;
        }
    }
}
