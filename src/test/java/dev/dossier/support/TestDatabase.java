package dev.dossier.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The database the API tests run on: the embedded SQLite file by default, or PostgreSQL when the
 * system property {@code dossier.test.database} is {@code postgresql}. PostgreSQL is reached at
 * {@code dossier.test.postgresql.url} (default: the local server's {@code test} database); each
 * test run gets a schema of its own, dropped when the JVM exits.
 */
final class TestDatabase {

	static final boolean POSTGRESQL = "postgresql".equals(System.getProperty("dossier.test.database"));

	private static final String URL = System.getProperty("dossier.test.postgresql.url",
			"jdbc:postgresql://127.0.0.1:5432/test");

	private static final String USER = System.getProperty("dossier.test.postgresql.user", "postgres");

	private static final String SCHEMA = "dossier_test_" + UUID.randomUUID().toString().replace("-", "");

	private static String unreachable;

	static {
		if (POSTGRESQL) {
			try (Connection connection = DriverManager.getConnection(URL, USER, "")) {
				if (!connection.isValid(5)) {
					throw new SQLException("the connection is not valid");
				}
				Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::dropSchema));
			}
			catch (SQLException ex) {
				unreachable = ex.getMessage();
				System.err.println("SKIPPED: " + unavailableReason());
			}
		}
	}

	private TestDatabase() {
	}

	/** Why PostgreSQL tests cannot run here, or {@code null} when they can (or are not asked for). */
	static String unavailableReason() {
		return (unreachable != null) ? "PostgreSQL at " + URL + " is unreachable (" + unreachable
				+ "); the PostgreSQL run of the API tests is skipped" : null;
	}

	static void register(DynamicPropertyRegistry registry) {
		if (!POSTGRESQL || unreachable != null) {
			return;
		}
		registry.add("spring.datasource.url", () -> URL + "?currentSchema=" + SCHEMA);
		registry.add("spring.datasource.username", () -> USER);
		registry.add("spring.datasource.password", () -> "");
		registry.add("spring.flyway.schemas", () -> SCHEMA);
		registry.add("spring.flyway.default-schema", () -> SCHEMA);
	}

	private static void dropSchema() {
		try (Connection connection = DriverManager.getConnection(URL, USER, "");
				Statement statement = connection.createStatement()) {
			statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
		}
		catch (SQLException ex) {
			System.err.println("Could not drop test schema " + SCHEMA + ": " + ex.getMessage());
		}
	}

}
