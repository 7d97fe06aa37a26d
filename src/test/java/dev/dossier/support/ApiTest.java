package dev.dossier.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the API tests: the whole service on a random port of 127.0.0.1, called over real HTTP. By
 * default its rows and blobs are in SQLite and a folder under a fresh temp folder; the system
 * properties {@code dossier.test.database=postgresql} and {@code dossier.test.storage=s3} move them
 * to PostgreSQL (see {@link TestDatabase}) and to S3Proxy on 127.0.0.1. All subclasses share one application context, so each test registers its own users.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
public abstract class ApiTest {

	protected static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Path DATA_DIR = createDataDir();

	private static final AtomicInteger USERS = new AtomicInteger();

	protected final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	protected int port;

	private static final boolean S3 = "s3".equals(System.getProperty("dossier.test.storage"));

	private static S3ProxyServer s3Server;

	@DynamicPropertySource
	static void storage(DynamicPropertyRegistry registry) throws Exception {
		registry.add("dossier.storage.data-dir", DATA_DIR::toString);
		TestDatabase.register(registry);
		if (S3) {
			registerS3(registry);
		}
	}

	/** Starts one S3Proxy for the whole test run; the application context is shared as well. */
	private static synchronized void registerS3(DynamicPropertyRegistry registry) throws Exception {
		if (s3Server == null) {
			Path objects = Files.createDirectories(DATA_DIR.resolve("s3"));
			s3Server = S3ProxyServer.start(objects, "dossier");
			Runtime.getRuntime().addShutdownHook(new Thread(s3Server::close));
		}
		registry.add("dossier.storage.type", () -> "s3");
		registry.add("dossier.storage.s3.endpoint", () -> s3Server.endpoint().toString());
		registry.add("dossier.storage.s3.bucket", () -> "dossier");
		registry.add("dossier.storage.s3.access-key", () -> S3ProxyServer.ACCESS_KEY);
		registry.add("dossier.storage.s3.secret-key", () -> S3ProxyServer.SECRET_KEY);
		registry.add("dossier.signed-urls.key", () -> "dGVzdCBzaWduaW5nIGtleSBvZiBhdCBsZWFzdCAzMiBieXRlcyE=");
	}

	@BeforeAll
	static void requireDatabase() {
		String reason = TestDatabase.unavailableReason();
		Assumptions.assumeTrue(reason == null, reason);
	}

	private static Path createDataDir() {
		try {
			Path dir = Files.createTempDirectory("dossier-api-test-");
			dir.toFile().deleteOnExit();
			return dir;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	protected static Path dataDir() {
		return DATA_DIR;
	}

	/** Files left in the upload spool folder; must be empty between requests. */
	protected static long spoolFileCount() throws IOException {
		try (Stream<Path> files = Files.list(DATA_DIR.resolve("tmp"))) {
			return files.count();
		}
	}

	protected URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	/** A registered user with fresh tokens. */
	public record User(String username, String password, String accessToken, String refreshToken, JsonNode body) {
	}

	protected User register() throws Exception {
		String username = "user" + USERS.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
		String password = "secret password " + username;
		String body = """
				{"username": "%s", "email": "%s@example.com", "password": "%s", "password_repeat": "%s",
				 "first_name": "Test", "last_name": "User"}""".formatted(username, username, password, password);
		HttpResponse<String> response = postJson("/api/v1/register", null, body);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode json = JSON.readTree(response.body());
		return new User(username, password, json.get("access_token").asString(), json.get("refresh_token").asString(),
				json);
	}

	protected HttpResponse<String> postJson(String path, String token, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.timeout(Duration.ofSeconds(60))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	protected HttpResponse<String> get(String path, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60)).GET();
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	protected HttpResponse<byte[]> download(String url, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET();
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	protected HttpResponse<String> delete(String path, String token) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(uri(path))
			.timeout(Duration.ofSeconds(60))
			.header("Authorization", "Bearer " + token)
			.DELETE()
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	/** Uploads bytes as plain base64 to {@code /api/v1/user-operations/{kind}}. */
	protected HttpResponse<String> upload(String kind, String token, byte[] file, String filename) throws Exception {
		return postJson("/api/v1/user-operations/" + kind, token, uploadBody(file, filename));
	}

	protected static String uploadBody(byte[] file, String filename) {
		ObjectBody body = new ObjectBody();
		body.put("upload_content", Base64.getEncoder().encodeToString(file));
		body.put("upload_filename", filename);
		return body.toString();
	}

	/** Asserts a problem+json response and returns its body. */
	protected static JsonNode assertProblem(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("type").asString()).startsWith("urn:dossier:problem:");
		assertThat(problem.get("title").asString()).isNotBlank();
		assertThat(problem.get("detail").asString()).isNotBlank();
		assertThat(problem.get("request_id").asString()).isNotBlank();
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
		return problem;
	}

	/** A JSON object written with Jackson, so that test strings are escaped correctly. */
	protected static final class ObjectBody {

		private final tools.jackson.databind.node.ObjectNode node = JSON.createObjectNode();

		public ObjectBody put(String name, String value) {
			this.node.put(name, value);
			return this;
		}

		@Override
		public String toString() {
			return JSON.writeValueAsString(this.node);
		}

	}

}
