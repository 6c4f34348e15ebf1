package io.loginetl.db;

import io.loginetl.support.TestDatabase;
import org.apache.commons.dbcp2.BasicDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Several instances starting at once all run {@link Schema#ensure}: none may fail, and the result is the
 * take-home DDL exactly, whether the tables are created now or user_logins was already there.
 */
class SchemaConcurrencyIT {

    private static final int INSTANCES = 8;

    /** The take-home DDL, column by column: name, type, length (null where there is none). */
    private static final List<List<Object>> USER_LOGINS_COLUMNS = List.of(
            column("user_id", "character varying", 128),
            column("device_type", "character varying", 32),
            column("masked_ip", "character varying", 256),
            column("masked_device_id", "character varying", 256),
            column("locale", "character varying", 32),
            column("app_version", "integer", null),
            column("create_date", "date", null));

    private static final String TAKE_HOME_DDL = """
            CREATE TABLE user_logins(
                user_id varchar(128), device_type varchar(32), masked_ip varchar(256),
                masked_device_id varchar(256), locale varchar(32), app_version integer, create_date date)""";

    private TestDatabase db;
    private final List<BasicDataSource> dataSources = new ArrayList<>();

    @BeforeEach
    void freshDatabase() {
        db = TestDatabase.create();
    }

    @AfterEach
    void cleanUp() throws SQLException {
        for (BasicDataSource ds : dataSources) {
            ds.close();
        }
        db.close();
    }

    @Test
    void eightInstancesCreatingTheSchemaAtOnceAllSucceed() throws Exception {
        everyInstanceAtOnce(ds -> {
            Schema.ensure(ds);
            return null;
        });
        assertTakeHomeColumns();
        assertLedgerExists();
        assertEquals(0, db.count("SELECT count(*) FROM user_logins"));
    }

    @Test
    void anExistingTakeHomeTableIsLeftAsItIs() throws Exception {
        db.execute(TAKE_HOME_DDL);
        db.execute("INSERT INTO user_logins VALUES ('u1', 'ios', 'ip-token', 'device-token', 'US', 20301, DATE '2024-01-02')");
        everyInstanceAtOnce(ds -> {
            Schema.ensure(ds);
            return null;
        });
        assertTakeHomeColumns();
        assertLedgerExists();
        assertEquals(List.of(Map.of("user_id", "u1", "app_version", 20301)),
                db.rows("SELECT user_id, app_version FROM user_logins"), "the existing row is untouched");
    }

    /**
     * Why Schema takes an advisory lock: without it, a session that looks for the table while another has
     * created it but not yet committed sees no table, tries to create its row type, waits for the other
     * transaction, and then fails with a unique violation on pg_type (SQLState 23505), although the
     * statement says IF NOT EXISTS. Driven step by step, so the overlap happens every time.
     */
    @Test
    void withoutTheLockASecondCreateTableIfNotExistsOverlappingTheFirstFails() throws Exception {
        try (Connection first = connect(); Connection second = connect(); Statement firstStatement = first.createStatement()) {
            first.setAutoCommit(false);
            firstStatement.execute(Schema.USER_LOGINS); // created, not committed
            ExecutorService thread = Executors.newSingleThreadExecutor();
            try {
                Future<Void> secondCreate = thread.submit(() -> {
                    try (Statement s = second.createStatement()) {
                        s.execute(Schema.USER_LOGINS);
                    }
                    return null;
                });
                awaitLockWaiters(1, "the second CREATE waiting on the first's uncommitted table", secondCreate);
                first.commit();
                ExecutionException failure = assertThrows(ExecutionException.class, () -> secondCreate.get(30, TimeUnit.SECONDS));
                SQLException sql = assertInstanceOf(SQLException.class, failure.getCause());
                assertEquals("23505", sql.getSQLState(), sql.getMessage());
            } finally {
                thread.shutdownNow();
            }
        }
    }

    /**
     * The same overlap with the lock: an instance is half-way through creating the tables (holding the
     * lock, nothing committed) while two more start. Both see every table missing, both wait for the lock,
     * then find the tables there and create nothing: none fails.
     */
    @Test
    void instancesStartingWhileAnotherCreatesTheTablesWaitForItAndSucceed() throws Exception {
        try (Connection creator = connect(); Statement creating = creator.createStatement()) {
            creator.setAutoCommit(false);
            creating.execute("SELECT pg_advisory_xact_lock(" + Schema.DDL_LOCK + ")");
            for (Schema.Table table : Schema.TABLES) {
                creating.execute(table.ddl());
            }
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                List<Future<Void>> starters = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    BasicDataSource ds = dataSource();
                    starters.add(threads.submit(() -> {
                        Schema.ensure(ds);
                        return null;
                    }));
                }
                awaitLockWaiters(2, "both starters past their check for missing tables, waiting for the lock",
                        starters.toArray(Future[]::new));
                creator.commit();
                for (Future<Void> starter : starters) {
                    starter.get(30, TimeUnit.SECONDS); // throws if ensure failed
                }
            } finally {
                threads.shutdownNow();
            }
        }
        assertTakeHomeColumns();
        assertLedgerExists();
    }

    /** Waits until this many sessions of the test database wait for a lock (failing early if a task ended). */
    private void awaitLockWaiters(int count, String what, Future<?>... tasks) throws InterruptedException {
        await(what).atMost(Duration.ofSeconds(30)).until(() -> {
            for (Future<?> task : tasks) {
                if (task.isDone()) {
                    throw new AssertionError("ended before waiting: " + what);
                }
            }
            return db.count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND wait_event_type = 'Lock'") == count;
        });
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    }

    private BasicDataSource dataSource() {
        BasicDataSource ds = new BasicDataSource();
        ds.setUrl(db.jdbcUrl());
        ds.setUsername(db.user());
        ds.setPassword(db.password());
        ds.setMaxTotal(1);
        dataSources.add(ds);
        return ds;
    }

    private void everyInstanceAtOnce(DataSourceTask task) throws Exception {
        List<String> failures = new ArrayList<>();
        for (Future<Object> result : startAtOnce(task)) {
            try {
                result.get();
            } catch (java.util.concurrent.ExecutionException e) {
                failures.add(e.getCause().toString());
            }
        }
        assertEquals(List.of(), failures, "no instance fails");
    }

    /** One pool per "instance", each with a connection already open, released together by a barrier. */
    private List<Future<Object>> startAtOnce(DataSourceTask task) throws Exception {
        if (dataSources.isEmpty()) {
            for (int i = 0; i < INSTANCES; i++) {
                BasicDataSource ds = new BasicDataSource();
                ds.setUrl(db.jdbcUrl());
                ds.setUsername(db.user());
                ds.setPassword(db.password());
                ds.setMaxTotal(1);
                ds.getConnection().close(); // connected before the race starts
                dataSources.add(ds);
            }
        }
        CyclicBarrier start = new CyclicBarrier(INSTANCES);
        ExecutorService pool = Executors.newFixedThreadPool(INSTANCES);
        try {
            List<Callable<Object>> calls = new ArrayList<>();
            for (BasicDataSource ds : dataSources) {
                calls.add(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return task.run(ds);
                });
            }
            List<Future<Object>> results = pool.invokeAll(calls, 60, TimeUnit.SECONDS);
            return results;
        } finally {
            pool.shutdown();
        }
    }

    private void assertTakeHomeColumns() {
        List<List<Object>> actual = new ArrayList<>();
        for (Map<String, Object> row : db.rows("""
                SELECT column_name, data_type, character_maximum_length FROM information_schema.columns
                WHERE table_schema = 'public' AND table_name = 'user_logins' ORDER BY ordinal_position""")) {
            actual.add(column((String) row.get("column_name"), (String) row.get("data_type"), (Integer) row.get("character_maximum_length")));
        }
        assertEquals(USER_LOGINS_COLUMNS, actual, "user_logins has exactly the take-home columns");
        assertEquals(0, db.count("""
                SELECT count(*) FROM information_schema.table_constraints
                WHERE table_schema = 'public' AND table_name = 'user_logins'
                  AND constraint_type IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY')"""), "and no keys added to it");
    }

    private void assertLedgerExists() {
        assertEquals(List.of(Map.of("column_name", "message_id", "data_type", "character varying")), db.rows("""
                SELECT kcu.column_name, c.data_type FROM information_schema.table_constraints tc
                JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name
                JOIN information_schema.columns c ON c.table_name = kcu.table_name AND c.column_name = kcu.column_name
                WHERE tc.table_name = 'login_etl_ledger' AND tc.constraint_type = 'PRIMARY KEY'"""),
                "login_etl_ledger keyed by message id");
    }

    private static List<Object> column(String name, String type, Integer length) {
        List<Object> c = new ArrayList<>();
        c.add(name);
        c.add(type);
        c.add(length);
        return c;
    }

    @FunctionalInterface
    private interface DataSourceTask {
        Object run(BasicDataSource ds) throws Exception;
    }
}
