package dev.limpet.bench;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Wraps a pool and counts the client calls that each cost a round trip to the database: statement executions
 * ({@code execute*}) and transaction ends ({@code commit}, {@code rollback}). Borrowing a pooled connection is not
 * counted (HikariCP does not validate a connection used in the last 500 ms). Thread-safe.
 */
final class CountingDataSource {

    private static final Set<String> EXECUTIONS = Set.of("execute", "executeQuery", "executeUpdate", "executeBatch",
            "executeLargeUpdate", "executeLargeBatch");
    private static final Set<String> TRANSACTION_ENDS = Set.of("commit", "rollback");

    private final AtomicLong roundTrips = new AtomicLong();
    private final DataSource dataSource;

    /** @param target the pool to wrap */
    CountingDataSource(DataSource target) {
        this.dataSource = proxy(DataSource.class, target);
    }

    /** @return the counting data source */
    DataSource dataSource() {
        return dataSource;
    }

    /** @return the round trips counted so far */
    long roundTrips() {
        return roundTrips.get();
    }

    private <T> T proxy(Class<T> type, Object target) {
        InvocationHandler handler = (p, method, args) -> {
            if (EXECUTIONS.contains(method.getName()) || TRANSACTION_ENDS.contains(method.getName())) {
                roundTrips.incrementAndGet();
            }
            Object result = invoke(method, target, args);
            return wrap(method, result);
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    private Object wrap(Method method, Object result) {
        Class<?> type = method.getReturnType();
        if (result instanceof Connection && type == Connection.class) {
            return proxy(Connection.class, result);
        }
        if (result instanceof Statement && Statement.class.isAssignableFrom(type) && type.isInterface()) {
            return proxy(type, result);
        }
        return result;
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
