package dev.dossier;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.dossier.support.Fixtures;
import dev.dossier.support.S3ProxyServer;
import dev.dossier.support.TestDatabase;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Two Dossier nodes on two ports of 127.0.0.1 sharing one PostgreSQL schema, one S3 bucket and one
 * signing key, as an operator runs them behind a load balancer. Each node has its own data folder,
 * so nothing passes between them but the database and the bucket.
 */
class TwoNodeTest {

	private static final String SIGNING_KEY = Base64.getEncoder()
		.encodeToString("two nodes share this signing key!".getBytes());

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int LOGINS_PER_ACCOUNT = 4;

	private static final int UPLOADS_PER_ACCOUNT = 16;

	@TempDir
	static Path folder;

	private static S3ProxyServer s3;

	private static ConfigurableApplicationContext nodeA;

	private static ConfigurableApplicationContext nodeB;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@BeforeAll
	static void startNodes() throws Exception {
		String reason = TestDatabase.postgresqlUnavailableReason();
		Assumptions.assumeTrue(reason == null, reason);
		s3 = S3ProxyServer.start(Files.createDirectories(folder.resolve("s3")), "shared");
		Map<String, Object> shared = new HashMap<>(TestDatabase.postgresqlProperties());
		shared.putAll(Map.of("server.port", "0", "dossier.storage.type", "s3", "dossier.storage.s3.endpoint",
				s3.endpoint().toString(), "dossier.storage.s3.bucket", "shared", "dossier.storage.s3.access-key",
				S3ProxyServer.ACCESS_KEY, "dossier.storage.s3.secret-key", S3ProxyServer.SECRET_KEY,
				"dossier.signed-urls.key", SIGNING_KEY, "dossier.rate-limits.logins-per-account",
				Integer.toString(LOGINS_PER_ACCOUNT), "dossier.rate-limits.uploads-per-account",
				Integer.toString(UPLOADS_PER_ACCOUNT)));
		nodeA = start(shared, "a");
		nodeB = start(shared, "b");
	}

	private static ConfigurableApplicationContext start(Map<String, Object> shared, String name) throws Exception {
		Map<String, Object> properties = new HashMap<>(shared);
		properties.put("dossier.storage.data-dir", Files.createDirectories(folder.resolve("node-" + name)).toString());
		return run(properties);
	}

	/** Starts a node; properties go in as command-line arguments so that they win over application.properties. */
	private static ConfigurableApplicationContext run(Map<String, Object> properties) {
		String[] arguments = properties.entrySet()
			.stream()
			.map((entry) -> "--" + entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new);
		return new SpringApplicationBuilder(DossierApplication.class).run(arguments);
	}

	@AfterAll
	static void stopNodes() {
		for (ConfigurableApplicationContext node : new ConfigurableApplicationContext[] { nodeA, nodeB }) {
			if (node != null) {
				node.close();
			}
		}
		if (s3 != null) {
			s3.close();
		}
	}

	private static URI uri(ConfigurableApplicationContext node, String path) {
		int port = ((WebServerApplicationContext) node).getWebServer().getPort();
		return URI.create("http://127.0.0.1:" + port + path);
	}

	private HttpResponse<String> post(ConfigurableApplicationContext node, String path, String token, String body)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(node, path))
			.timeout(Duration.ofSeconds(60))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(ConfigurableApplicationContext node, String path, String token)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(node, path)).timeout(Duration.ofSeconds(60));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private String registerOn(ConfigurableApplicationContext node, String username) throws Exception {
		HttpResponse<String> response = post(node, "/api/v1/register", null, """
				{"username": "%s", "email": "%s@example.com", "password": "two nodes password",
				 "password_repeat": "two nodes password", "first_name": "Two", "last_name": "Nodes"}"""
			.formatted(username, username));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body()).get("access_token").asString();
	}

	private static String uploadBody(byte[] file, String name) {
		return "{\"upload_filename\": \"" + name + "\", \"upload_content\": \""
				+ Base64.getEncoder().encodeToString(file) + "\"}";
	}

	@Test
	void tokenFromOneNodeWorksOnOther() throws Exception {
		String token = registerOn(nodeA, "token-travels");

		HttpResponse<String> profile = get(nodeB, "/api/v1/profile", token);

		assertThat(profile.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(profile.body()).get("username").asString()).isEqualTo("token-travels");
	}

	@Test
	void uploadOnOneReadOnOther() throws Exception {
		String token = registerOn(nodeA, "upload-travels");
		byte[] pdf = Fixtures.cvPdf();
		HttpResponse<String> uploaded = post(nodeA, "/api/v1/user-operations/cv", token, uploadBody(pdf, "cv.pdf"));
		assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
		String signedUrl = JSON.readTree(uploaded.body()).get("url").asString();
		String signedPath = signedUrl.substring(signedUrl.indexOf("/api/"));

		HttpResponse<byte[]> viaB = this.http.send(HttpRequest.newBuilder(uri(nodeB, signedPath)).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		JsonNode current = JSON.readTree(get(nodeB, "/api/v1/user-operations/cv", token).body());

		assertThat(viaB.statusCode()).isEqualTo(200);
		assertThat(viaB.body()).isEqualTo(pdf);
		assertThat(current.get("id").asLong()).isEqualTo(JSON.readTree(uploaded.body()).get("id").asLong());
	}

	@Test
	void concurrentUploadsStayConsistent() throws Exception {
		String token = registerOn(nodeA, "concurrent");
		int uploads = 12;
		List<Callable<Long>> calls = new ArrayList<>();
		for (int i = 0; i < uploads; i++) {
			ConfigurableApplicationContext node = (i % 2 == 0) ? nodeA : nodeB;
			byte[] text = Fixtures.textCv(200 + i);
			calls.add(() -> {
				HttpResponse<String> response = post(node, "/api/v1/user-operations/cv", token,
						uploadBody(text, "cv.txt"));
				assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
				return JSON.readTree(response.body()).get("id").asLong();
			});
		}
		Set<Long> ids = new HashSet<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
			for (Future<Long> id : pool.invokeAll(calls)) {
				ids.add(id.get());
			}
		}

		JsonNode history = JSON.readTree(get(nodeB, "/api/v1/user-operations/cv/history", token).body());
		JsonNode current = JSON.readTree(get(nodeA, "/api/v1/user-operations/cv", token).body());
		Set<Long> listed = new HashSet<>();
		history.get("items").forEach((item) -> listed.add(item.get("id").asLong()));
		long currentCount = history.get("items").valueStream().filter((item) -> item.get("current").asBoolean()).count();

		assertThat(ids).hasSize(uploads);
		assertThat(listed).isEqualTo(ids);
		assertThat(currentCount).isEqualTo(1);
		assertThat(ids).contains(current.get("id").asLong());
	}

	@Test
	void loginLimitHoldsAcrossNodes() throws Exception {
		registerOn(nodeA, "login-limit");
		String wrongPassword = "{\"username\": \"login-limit\", \"password\": \"not the password\"}";
		for (int attempt = 0; attempt < LOGINS_PER_ACCOUNT; attempt++) {
			ConfigurableApplicationContext node = (attempt % 2 == 0) ? nodeA : nodeB;
			assertThat(post(node, "/api/v1/login", null, wrongPassword).statusCode()).isEqualTo(401);
		}

		for (ConfigurableApplicationContext node : List.of(nodeA, nodeB)) {
			HttpResponse<String> limited = post(node, "/api/v1/login", null,
					"{\"username\": \"login-limit\", \"password\": \"two nodes password\"}");
			assertThat(limited.statusCode()).as(limited.body()).isEqualTo(429);
			assertThat(limited.headers().firstValue("Retry-After")).isPresent();
		}
	}

	@Test
	void uploadLimitHoldsAcrossNodes() throws Exception {
		String token = registerOn(nodeA, "upload-limit");
		for (int upload = 0; upload < UPLOADS_PER_ACCOUNT; upload++) {
			ConfigurableApplicationContext node = (upload % 2 == 0) ? nodeA : nodeB;
			HttpResponse<String> response = post(node, "/api/v1/user-operations/cv", token,
					uploadBody(Fixtures.textCv(100 + upload), "cv.txt"));
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		}

		for (ConfigurableApplicationContext node : List.of(nodeA, nodeB)) {
			HttpResponse<String> limited = post(node, "/api/v1/user-operations/cv", token,
					uploadBody(Fixtures.textCv(99), "cv.txt"));
			assertThat(limited.statusCode()).as(limited.body()).isEqualTo(429);
			assertThat(limited.headers().firstValue("Retry-After")).isPresent();
		}
	}

	@Test
	void missingSigningKeyStopsStartup() {
		Map<String, Object> properties = new HashMap<>(TestDatabase.postgresqlProperties());
		properties.putAll(Map.of("server.port", "0", "dossier.storage.type", "s3", "dossier.storage.s3.endpoint",
				s3.endpoint().toString(), "dossier.storage.s3.bucket", "shared", "dossier.storage.data-dir",
				folder.resolve("node-without-key").toString()));

		assertThatExceptionOfType(Exception.class)
			.isThrownBy(() -> run(properties))
			.withStackTraceContaining("dossier.signed-urls.key is missing");
	}

}
