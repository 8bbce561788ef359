package dev.limpet.tomcat.metrics;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The {@code LimpetSessionManager} MBeans of this JVM, as Tomcat registers them ({@code
 * Catalina:type=Manager,host=localhost,context=/shop}; an embedded Tomcat uses its Engine's name as the domain),
 * read attribute by attribute at each scrape. A manager is one whose MBean has the {@code takeovers} attribute.
 * Thread-safe (stateless apart from the platform MBean server).
 */
final class ManagerMBeans {

    private static final Logger LOG = Logger.getLogger(ManagerMBeans.class.getName());
    private static final String LIMPET_ATTRIBUTE = "takeovers";

    private final MBeanServer server;

    ManagerMBeans() {
        this(ManagementFactory.getPlatformMBeanServer());
    }

    ManagerMBeans(MBeanServer server) {
        this.server = server;
    }

    /**
     * One manager's MBean: its name and the labels its metrics carry.
     *
     * @param name    the MBean's name
     * @param domain  its JMX domain: the Engine's name ({@code Catalina} in Tomcat's distribution)
     * @param host    the Host's name
     * @param context the context path ({@code /} for ROOT)
     */
    record Manager(ObjectName name, String domain, String host, String context) {

        /** @return the label values in the order of {@link ManagerMBeans#LABELS} */
        String[] labels(String... more) {
            String[] values = new String[3 + more.length];
            values[0] = domain;
            values[1] = host;
            values[2] = context;
            System.arraycopy(more, 0, values, 3, more.length);
            return values;
        }
    }

    /** The labels of every series of a manager, in order. */
    static final String[] LABELS = {"domain", "host", "context"};

    /** @return the Limpet managers registered now */
    List<Manager> managers() {
        List<Manager> managers = new ArrayList<>();
        try {
            for (ObjectName name : server.queryNames(new ObjectName("*:type=Manager,*"), null)) {
                if (hasLimpetAttributes(name)) {
                    managers.add(new Manager(name, name.getDomain(), String.valueOf(name.getKeyProperty("host")),
                            String.valueOf(name.getKeyProperty("context"))));
                }
            }
        } catch (JMException e) {
            LOG.log(Level.FINE, "cannot list the session managers' MBeans", e);
        }
        return managers;
    }

    /**
     * @param manager   a manager
     * @param attribute an attribute of its MBean
     * @return the attribute's value, or {@code null} when it cannot be read (the context is stopping)
     */
    Object read(Manager manager, String attribute) {
        try {
            return server.getAttribute(manager.name(), attribute);
        } catch (JMException | RuntimeException e) {
            LOG.log(Level.FINE, "cannot read " + attribute + " of " + manager.name(), e);
            return null;
        }
    }

    /** @return a numeric attribute as a double ({@code true} is 1), or {@code NaN} when it cannot be read */
    double number(Manager manager, String attribute) {
        Object value = read(manager, attribute);
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return Double.NaN;
    }

    private boolean hasLimpetAttributes(ObjectName name) {
        try {
            return server.getAttribute(name, LIMPET_ATTRIBUTE) != null;
        } catch (JMException | RuntimeException notLimpet) {
            return false;
        }
    }
}
