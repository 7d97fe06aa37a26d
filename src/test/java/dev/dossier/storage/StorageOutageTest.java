package dev.dossier.storage;

import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.dossier.support.ApiTest;
import dev.dossier.support.Fixtures;
import dev.dossier.support.S3ProxyServer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The S3-compatible server goes away while the service runs: uploads fail cleanly with a 503 problem. Runs
 * with the default database only, since it brings its own S3 server.
 */
class StorageOutageTest extends ApiTest {

	private static S3ProxyServer s3;

	@BeforeAll
	static void requireOwnStorage() {
		Assumptions.assumeTrue(System.getProperty("dossier.test.storage") == null,
				"This test brings its own S3 server and runs only without dossier.test.storage");
	}

	@DynamicPropertySource
	static synchronized void ownBucket(DynamicPropertyRegistry registry) throws Exception {
		if (s3 == null) {
			Path objects = Files.createTempDirectory("dossier-outage-s3-");
			s3 = S3ProxyServer.start(objects, "outage");
		}
		registry.add("dossier.storage.type", () -> "s3");
		registry.add("dossier.storage.s3.endpoint", () -> s3.endpoint().toString());
		registry.add("dossier.storage.s3.bucket", () -> "outage");
		registry.add("dossier.storage.s3.access-key", () -> S3ProxyServer.ACCESS_KEY);
		registry.add("dossier.storage.s3.secret-key", () -> S3ProxyServer.SECRET_KEY);
		registry.add("dossier.signed-urls.key", () -> "b3V0YWdlIHRlc3Qgc2lnbmluZyBrZXkgb2YgMzIgYnl0ZXM=");
	}

	@AfterAll
	static void stopServer() {
		if (s3 != null) {
			s3.close();
			s3 = null;
		}
	}

	private static void awaitRefused(int port) throws InterruptedException {
		for (int attempt = 0; attempt < 100; attempt++) {
			try (Socket socket = new Socket("127.0.0.1", port)) {
				socket.setSoLinger(true, 0);
				Thread.sleep(50);
			}
			catch (IOException ex) {
				return;
			}
		}
		throw new IllegalStateException("S3Proxy still accepts connections on port " + port);
	}

	@Test
	void storageOutageIsServiceUnavailable() throws Exception {
		User user = register();
		assertThat(upload("cv", user.accessToken(), Fixtures.cvPdf(), "before.pdf").statusCode()).isEqualTo(200);
		long before = JSON.readTree(get("/api/v1/user-operations/cv", user.accessToken()).body()).get("id").asLong();

		int port = s3.endpoint().getPort();
		s3.close();
		awaitRefused(port);
		HttpResponse<String> response = upload("cv", user.accessToken(), Fixtures.textCv(300), "during.txt");
		HttpResponse<String> readiness = get("/actuator/health/readiness", null);

		JsonNode problem = assertProblem(response, 503);
		assertThat(problem.get("detail").asString()).contains("Nothing was stored");
		JsonNode history = JSON.readTree(get("/api/v1/user-operations/cv/history", user.accessToken()).body());
		assertThat(history.get("items")).hasSize(1);
		assertThat(history.get("items").get(0).get("id").asLong()).isEqualTo(before);
		assertThat(spoolFileCount()).isZero();
		assertThat(readiness.statusCode()).isEqualTo(503);
		String url = JSON.readTree(get("/api/v1/user-operations/cv", user.accessToken()).body()).get("url").asString();
		HttpResponse<String> download = get(url.substring(url.indexOf("/api/")), null);
		assertThat(assertProblem(download, 503).get("detail").asString()).contains("storage is unavailable");
	}

}
