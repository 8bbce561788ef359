package dev.limpet.sessions;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The warning for a class another node would refuse names the attribute and the setting that admits it. */
class RefusedClassLogTest {

    private static RefusedClassLog log(String filter) {
        return new RefusedClassLog("LimpetSessionManager of [/shop]", filter, "$CATALINA_BASE/lib",
                System.getLogger(RefusedClassLogTest.class.getName()));
    }

    @Test
    void withoutAFilterTheAdviceIsAFilterCoveringTheClass() {
        String message = log(null).message("cart", "com.example.Money$Amount", false);
        assertTrue(message.startsWith("LimpetSessionManager of [/shop]: session attribute [cart] holds a"
                + " [com.example.Money$Amount], which another node would refuse"), message);
        assertTrue(message.contains("neither a JDK basic type nor a class of this web application (WEB-INF/classes,"
                + " WEB-INF/lib), e.g. a class of $CATALINA_BASE/lib."), message);
        assertTrue(message.contains("sessionAttributeValueClassNameFilter [com\\.example\\.Money\\$Amount|"), message);
    }

    @Test
    void withAFilterTheAdviceExtendsIt() {
        String message = log("com\\.example\\.shop\\..*").message("cart", "com.example.Money", false);
        assertTrue(message.contains("does not match sessionAttributeValueClassNameFilter [com\\.example\\.shop\\..*]:"
                + " add it, e.g. [com\\.example\\.shop\\..*|com\\.example\\.Money]"), message);
    }

    @Test
    void aGadgetHasNoSettingThatAdmitsIt() {
        String message = log("").message("x", "javax.management.BadAttributeValueExpException", true);
        assertTrue(message.contains("known deserialization gadget type, which no setting admits"), message);
    }
}
