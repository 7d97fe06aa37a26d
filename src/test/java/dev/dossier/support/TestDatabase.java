package dev.dossier.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The database the API tests run on: the embedded SQLite file by default, or PostgreSQL when the
 * system property {@code dossier.test.database} is {@code postgresql}. PostgreSQL is reached at
 * {@code dossier.test.postgresql.url} (default: the local server's {@code test} database); every
 * schema made for tests is dropped when the JVM exits.
 */
public final class TestDatabase {

	static final boolean POSTGRESQL = "postgresql".equals(System.getProperty("dossier.test.database"));

	private static final String URL = System.getProperty("dossier.test.postgresql.url",
			"jdbc:postgresql://127.0.0.1:5432/test");

	private static final String USER = System.getProperty("dossier.test.postgresql.user", "postgres");

	private static final String SHARED_SCHEMA = newSchema();

	private static String unreachable;

	private static boolean checked;

	private TestDatabase() {
	}

	/** Why PostgreSQL cannot be used here, or {@code null} when it can. Checked once per JVM. */
	public static synchronized String postgresqlUnavailableReason() {
		if (!checked) {
			checked = true;
			try (Connection connection = DriverManager.getConnection(URL, USER, "")) {
				if (!connection.isValid(5)) {
					throw new SQLException("the connection is not valid");
				}
			}
			catch (SQLException ex) {
				unreachable = "PostgreSQL at " + URL + " is unreachable (" + ex.getMessage() + ")";
				System.err.println("SKIPPED: " + unreachable + "; tests that need it are skipped");
			}
		}
		return unreachable;
	}

	/** Spring properties that point the service at a fresh PostgreSQL schema of its own. */
	public static Map<String, Object> postgresqlProperties() {
		return properties(newSchema());
	}

	static String unavailableReason() {
		return POSTGRESQL ? postgresqlUnavailableReason() : null;
	}

	static void register(DynamicPropertyRegistry registry) {
		if (!POSTGRESQL || postgresqlUnavailableReason() != null) {
			return;
		}
		properties(SHARED_SCHEMA).forEach((name, value) -> registry.add(name, () -> value));
	}

	private static Map<String, Object> properties(String schema) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.datasource.url", URL + "?currentSchema=" + schema);
		properties.put("spring.datasource.username", USER);
		properties.put("spring.datasource.password", "");
		properties.put("spring.flyway.schemas", schema);
		properties.put("spring.flyway.default-schema", schema);
		return properties;
	}

	private static String newSchema() {
		String schema = "dossier_test_" + UUID.randomUUID().toString().replace("-", "");
		Runtime.getRuntime().addShutdownHook(new Thread(() -> dropSchema(schema)));
		return schema;
	}

	private static void dropSchema(String schema) {
		if (unreachable != null || !checked) {
			return;
		}
		try (Connection connection = DriverManager.getConnection(URL, USER, "");
				Statement statement = connection.createStatement()) {
			statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
		}
		catch (SQLException ex) {
			System.err.println("Could not drop test schema " + schema + ": " + ex.getMessage());
		}
	}

}
