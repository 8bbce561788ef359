package dev.limpet.router.config;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
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
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.limpet.router.config.Constraints.Within;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Binds the router's YAML to {@link RouterYaml} with Jackson and validates it with Jakarta Bean Validation
 * (Hibernate Validator, {@link ParameterMessageInterpolator}: no expression language), collecting every problem
 * instead of stopping at the first: an unknown key, a value of the wrong type and a violated constraint each add
 * one line {@code path: problem} to a {@link ConfigProblems}, the path written as {@code backends[1].url}. Scalars
 * are read strictly, as YAML wrote them: a whole number for a number key (no {@code "5"}, no {@code 1.5}), a boolean
 * for a boolean key, any scalar but a boolean for a string key; a {@code null} value keeps the default. Thread-safe:
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
     * @param problems receives every problem; legacy keys add warnings
     * @return the bound and validated configuration; meaningful only while {@code problems} is empty
     * @throws ConfigException when the text is no YAML mapping at all (nothing else can be said then)
     */
    static RouterYaml bind(String yaml, ConfigProblems problems) throws ConfigException {
        ObjectNode root = readTree(yaml);
        LegacyKeys.rewrite(root, problems);
        RouterYaml bound;
        try {
            bound = BINDER.readerFor(RouterYaml.class).withAttribute(ConfigProblems.class, problems)
                    .readValue(BINDER.writeValueAsBytes(root));
        } catch (IOException e) {
            // Every known kind of fault is collected by the handlers; this is the last resort.
            problems.add(e instanceof com.fasterxml.jackson.databind.JsonMappingException m ? pathOf(m) : "",
                    String.valueOf(e.getMessage()).lines().findFirst().orElse("cannot be read"));
            throw new ConfigException(problems.lines());
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

    /** @return the problems of the parse {@code ctxt} belongs to */
    static ConfigProblems problems(DeserializationContext ctxt) {
        return (ConfigProblems) ctxt.getAttribute(ConfigProblems.class);
    }

    /** @return the key path of the parser's current value, e.g. {@code backends[1].url} */
    static String path(JsonParser p) {
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = p.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray() && c.hasCurrentIndex()) {
                parts.add(0, "[" + c.getCurrentIndex() + "]");
            } else if (c.inObject() && c.getCurrentName() != null) {
                parts.add(0, "." + c.getCurrentName());
            }
        }
        String path = String.join("", parts);
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
        ObjectMapper mapper = new ObjectMapper().registerModule(scalars).addHandler(new Handler());
        mapper.setVisibility(PropertyAccessor.GETTER, Visibility.NONE);
        mapper.setVisibility(PropertyAccessor.IS_GETTER, Visibility.NONE);
        mapper.setVisibility(PropertyAccessor.SETTER, Visibility.NONE);
        mapper.setVisibility(PropertyAccessor.FIELD, Visibility.ANY);
        mapper.setDefaultSetterInfo(JsonSetter.Value.forValueNulls(Nulls.SKIP));
        return mapper;
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
            String path = path(p);
            String text = t.isScalarValue() ? p.getText() : "";
            p.skipChildren();
            problems(ctxt).bindingFailed(path, expected() + (type == String.class ? "" : ", was [" + text + "]"));
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
            problems(ctxt).bindingFailed(path(p), list ? "must be a list" : "must be a mapping of keys to values");
            p.skipChildren();
            if (list) {
                return new ArrayList<>();
            }
            try {
                var constructor = type.getDeclaredConstructor();
                constructor.setAccessible(true);
                return constructor.newInstance();
            } catch (ReflectiveOperationException e) {
                return null;
            }
        }
    }
}
