package dev.dossier.storage;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.dossier.support.ApiTest;
import dev.dossier.support.Fixtures;
import dev.dossier.support.TcpRelay;
import dev.dossier.support.TestDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL goes away while the service runs, through a relay the test cuts: requests get 503
 * and store nothing, and the service recovers by itself once the database is back. Needs the local
 * PostgreSQL (skipped with a message without it) and runs once, in the default test run.
 */
class DatabaseOutageTest extends ApiTest {

	private static TcpRelay relay;

	@BeforeAll
	static void requireOwnDatabase() {
		Assumptions.assumeTrue(System.getProperty("dossier.test.database") == null,
				"This test brings its own database connection and runs only without dossier.test.database");
	}

	@DynamicPropertySource
	static synchronized void relayedDatabase(DynamicPropertyRegistry registry) throws Exception {
		if (TestDatabase.postgresqlUnavailableReason() != null) {
			return;
		}
		if (relay == null) {
			relay = new TcpRelay("127.0.0.1", 5432);
		}
		Map<String, Object> properties = TestDatabase.postgresqlProperties();
		properties.forEach((name, value) -> registry.add(name, () -> value));
		String url = ((String) properties.get("spring.datasource.url")).replace("127.0.0.1:5432",
				"127.0.0.1:" + relay.port());
		registry.add("spring.datasource.url", () -> url);
		registry.add("spring.datasource.hikari.connection-timeout", () -> "2000");
	}

	@AfterAll
	static void closeRelay() throws Exception {
		if (relay != null) {
			relay.close();
			relay = null;
		}
	}

	@Test
	void databaseOutageIsServiceUnavailable() throws Exception {
		Assumptions.assumeTrue(relay != null, TestDatabase.postgresqlUnavailableReason());
		User user = register();
		assertThat(upload("cv", user.accessToken(), Fixtures.cvPdf(), "before.pdf").statusCode()).isEqualTo(200);

		relay.cut();
		HttpResponse<String> login = postJson("/api/v1/login", null,
				"{\"username\": \"%s\", \"password\": \"%s\"}".formatted(user.username(), user.password()));
		HttpResponse<String> during = upload("cv", user.accessToken(), Fixtures.textCv(300), "during.txt");
		HttpResponse<String> readiness = get("/actuator/health/readiness", null);
		relay.resume();

		JsonNode problem = assertProblem(login, 503);
		assertThat(problem.get("detail").asString()).contains("database is unavailable");
		assertThat(assertProblem(during, 503).get("detail").asString()).contains("database is unavailable");
		assertThat(readiness.statusCode()).isEqualTo(503);
		// Pooled connections broken by the outage fail once each, as a client retrying after a 503
		// would see. The service must still recover within seconds and without a restart.
		HttpResponse<String> after = upload("cv", user.accessToken(), Fixtures.textCv(200), "after.txt");
		for (int attempt = 0; attempt < 20 && after.statusCode() == 503; attempt++) {
			Thread.sleep(500);
			after = upload("cv", user.accessToken(), Fixtures.textCv(200), "after.txt");
		}
		assertThat(after.statusCode()).as("recovered without a restart: " + after.body()).isEqualTo(200);
		assertThat(JSON.readTree(get("/api/v1/user-operations/cv/history", user.accessToken()).body()).get("items"))
			.hasSize(2);
		assertThat(spoolFileCount()).isZero();
	}

}
