package dev.dossier.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole service on a random port of 127.0.0.1, called over real HTTP, with helpers to register
 * users, upload and read back. Where its rows and bytes live is up to the subclass: {@link ApiTest}
 * shares one store among most tests, while a test that breaks its storage brings its own.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
public abstract class ServiceTest {

	protected static final JsonMapper JSON = JsonMapper.builder().build();

	private static final AtomicInteger USERS = new AtomicInteger();

	protected final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	protected int port;

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
