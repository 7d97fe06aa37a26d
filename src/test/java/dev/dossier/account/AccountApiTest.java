package dev.dossier.account;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import dev.dossier.support.ApiTest;
import dev.dossier.support.Fixtures;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class AccountApiTest extends ApiTest {

	@Autowired
	private JdbcTemplate jdbc;

	@Test
	void databaseHoldsOnlyHashesOfTokensAndPasswords() throws Exception {
		User user = register();
		JsonNode refreshed = JSON.readTree(postJson("/api/v1/refresh-token", null,
				"{\"refresh_token\": \"%s\"}".formatted(user.refreshToken())).body());
		List<String> tokens = List.of(user.accessToken(), user.refreshToken(),
				refreshed.get("access_token").asString(), refreshed.get("refresh_token").asString());

		List<Map<String, Object>> rows = this.jdbc.queryForList("SELECT t.* FROM tokens t JOIN accounts a "
				+ "ON a.id = t.account_id WHERE a.username = ? ORDER BY t.id", user.username());
		Map<String, Object> account = this.jdbc.queryForMap("SELECT * FROM accounts WHERE username = ?",
				user.username());

		assertThat(rows).extracting((row) -> row.get("token_hash"))
			.containsExactlyInAnyOrderElementsOf(tokens.stream().map(AccountApiTest::sha256).toList());
		for (Map<String, Object> row : rows) {
			for (String token : tokens) {
				assertThat(row.values()).extracting(String::valueOf).noneMatch((value) -> value.contains(token));
			}
		}
		assertThat(account.get("password_hash").toString()).startsWith("{bcrypt}$2").doesNotContain(user.password());
	}

	/**
	 * A session of everything a user does, with some mistakes, must leave neither tokens nor the
	 * password in the log: operators read logs, and a leaked token is a working login.
	 */
	@Test
	void logsHoldNoTokensOrPasswords(CapturedOutput output) throws Exception {
		User user = register();
		JsonNode login = JSON.readTree(postJson("/api/v1/login", null,
				"{\"username\": \"%s\", \"password\": \"%s\"}".formatted(user.username(), user.password())).body());
		postJson("/api/v1/login", null, "{\"username\": \"%s\", \"password\": \"%s-typo\"}"
			.formatted(user.username(), user.password()));
		JsonNode refreshed = JSON.readTree(postJson("/api/v1/refresh-token", null,
				"{\"refresh_token\": \"%s\"}".formatted(user.refreshToken())).body());
		String access = refreshed.get("access_token").asString();
		HttpResponse<String> cv = upload("cv", access, Fixtures.cvPdf(), "cv.pdf");
		assertThat(cv.statusCode()).as(cv.body()).isEqualTo(200);
		download(JSON.readTree(cv.body()).get("url").asString(), access);
		upload("cv", access, new byte[] { 1, 2, 3 }, "broken.pdf");
		get("/api/v1/profile", access + "x");
		// Reusing the rotated refresh token revokes the family, so the next request is rejected.
		postJson("/api/v1/refresh-token", null, "{\"refresh_token\": \"%s\"}".formatted(user.refreshToken()));
		get("/api/v1/profile", access);
		assertThat(postJson("/api/v1/logout", login.get("access_token").asString(), "").statusCode()).isEqualTo(204);

		for (String secret : List.of(user.accessToken(), user.refreshToken(), access,
				refreshed.get("refresh_token").asString(), login.get("access_token").asString(),
				login.get("refresh_token").asString(), user.password())) {
			assertThat(output.getAll()).doesNotContain(secret);
		}
		assertThat(output.getAll()).as("the session was logged at all").contains("Rejected");
	}

	private static String sha256(String token) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void registerReturnsUserAndTokens() throws Exception {
		User user = register();

		JsonNode body = user.body();
		assertThat(body.get("id").isIntegralNumber()).isTrue();
		assertThat(body.get("username").asString()).isEqualTo(user.username());
		assertThat(body.get("first_name").asString()).isEqualTo("Test");
		assertThat(body.get("token_type").asString()).isEqualTo("Bearer");
		assertThat(body.get("expiry").asString()).isNotBlank();
		assertThat(user.accessToken()).matches("[A-Za-z0-9_-]{43,}");
		assertThat(user.refreshToken()).matches("[A-Za-z0-9_-]{43,}").isNotEqualTo(user.accessToken());
		assertThat(body.has("password")).isFalse();
	}

	@Test
	void takenUsernameIsConflict() throws Exception {
		User user = register();

		HttpResponse<String> response = postJson("/api/v1/register", null, """
				{"username": "%s", "email": "other-%s@example.com", "password": "long enough",
				 "password_repeat": "long enough", "first_name": "A", "last_name": "B"}"""
			.formatted(user.username().toUpperCase(), user.username()));

		JsonNode problem = assertProblem(response, 409);
		assertThat(problem.get("field").asString()).isEqualTo("username");
	}

	@Test
	void takenEmailIsConflict() throws Exception {
		User user = register();

		HttpResponse<String> response = postJson("/api/v1/register", null, """
				{"username": "other-%s", "email": "%s@EXAMPLE.com", "password": "long enough",
				 "password_repeat": "long enough", "first_name": "A", "last_name": "B"}"""
			.formatted(user.username(), user.username()));

		JsonNode problem = assertProblem(response, 409);
		assertThat(problem.get("field").asString()).isEqualTo("email");
	}

	@Test
	void missingFieldIsNamed() throws Exception {
		HttpResponse<String> response = postJson("/api/v1/register", null, """
				{"username": "nofirstname", "email": "nofirstname@example.com", "password": "long enough",
				 "password_repeat": "long enough", "last_name": "B"}""");

		JsonNode problem = assertProblem(response, 400);
		assertThat(problem.get("field").asString()).isEqualTo("first_name");
		assertThat(problem.get("detail").asString()).contains("first_name");
	}

	@Test
	void malformedEmailIsNamed() throws Exception {
		HttpResponse<String> response = postJson("/api/v1/register", null, """
				{"username": "bademail", "email": "not an address", "password": "long enough",
				 "password_repeat": "long enough", "first_name": "A", "last_name": "B"}""");

		JsonNode problem = assertProblem(response, 400);
		assertThat(problem.get("field").asString()).isEqualTo("email");
	}

	@Test
	void passwordRepeatMustMatch() throws Exception {
		HttpResponse<String> response = postJson("/api/v1/register", null, """
				{"username": "mismatch", "email": "mismatch@example.com", "password": "long enough",
				 "password_repeat": "long enougH", "first_name": "A", "last_name": "B"}""");

		JsonNode problem = assertProblem(response, 400);
		assertThat(problem.get("field").asString()).isEqualTo("password_repeat");
	}

	@Test
	void registerBodyMustBeJson() throws Exception {
		HttpResponse<String> response = postJson("/api/v1/register", null, "username=jane");

		assertProblem(response, 400);
	}

	@Test
	void loginByUsernameOrEmail() throws Exception {
		User user = register();

		HttpResponse<String> byName = postJson("/api/v1/login", null,
				"{\"username\": \"%s\", \"password\": \"%s\"}".formatted(user.username(), user.password()));
		HttpResponse<String> byEmail = postJson("/api/v1/login", null,
				"{\"username\": \"%s@example.com\", \"password\": \"%s\"}".formatted(user.username(), user.password()));

		assertThat(byName.statusCode()).as(byName.body()).isEqualTo(200);
		assertThat(byEmail.statusCode()).as(byEmail.body()).isEqualTo(200);
		String token = JSON.readTree(byEmail.body()).get("access_token").asString();
		assertThat(get("/api/v1/profile", token).statusCode()).isEqualTo(200);
	}

	@Test
	void wrongCredentialsLookAlike() throws Exception {
		User user = register();

		HttpResponse<String> wrongPassword = postJson("/api/v1/login", null,
				"{\"username\": \"%s\", \"password\": \"wrong password\"}".formatted(user.username()));
		HttpResponse<String> unknownUser = postJson("/api/v1/login", null,
				"{\"username\": \"nobody-%s\", \"password\": \"wrong password\"}".formatted(user.username()));

		JsonNode first = assertProblem(wrongPassword, 401);
		JsonNode second = assertProblem(unknownUser, 401);
		assertThat(first.get("detail").asString()).isEqualTo(second.get("detail").asString());
	}

	@Test
	void refreshRotatesTokens() throws Exception {
		User user = register();

		HttpResponse<String> response = postJson("/api/v1/refresh-token", null,
				"{\"refresh_token\": \"%s\"}".formatted(user.refreshToken()));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode body = JSON.readTree(response.body());
		assertThat(body.get("token_type").asString()).isEqualTo("Bearer");
		assertThat(body.get("expires_in").asLong()).isBetween(3500L, 3600L);
		assertThat(body.get("scope").asString()).isNotBlank();
		String newAccess = body.get("access_token").asString();
		assertThat(body.get("refresh_token").asString()).isNotEqualTo(user.refreshToken());
		assertThat(get("/api/v1/profile", newAccess).statusCode()).isEqualTo(200);
		assertThat(get("/api/v1/profile", user.accessToken()).statusCode()).isEqualTo(401);
	}

	@Test
	void reusedRefreshTokenRevokesFamily() throws Exception {
		User user = register();
		HttpResponse<String> first = postJson("/api/v1/refresh-token", null,
				"{\"refresh_token\": \"%s\"}".formatted(user.refreshToken()));
		String rotatedAccess = JSON.readTree(first.body()).get("access_token").asString();
		String rotatedRefresh = JSON.readTree(first.body()).get("refresh_token").asString();

		HttpResponse<String> reuse = postJson("/api/v1/refresh-token", null,
				"{\"refresh_token\": \"%s\"}".formatted(user.refreshToken()));

		assertProblem(reuse, 401);
		assertThat(get("/api/v1/profile", rotatedAccess).statusCode()).isEqualTo(401);
		HttpResponse<String> rotated = postJson("/api/v1/refresh-token", null,
				"{\"refresh_token\": \"%s\"}".formatted(rotatedRefresh));
		assertProblem(rotated, 401);
	}

	@Test
	void logoutRevokesTokens() throws Exception {
		User user = register();

		HttpResponse<String> response = postJson("/api/v1/logout", user.accessToken(), "");

		assertThat(response.statusCode()).isEqualTo(204);
		assertProblem(get("/api/v1/profile", user.accessToken()), 401);
		assertProblem(postJson("/api/v1/refresh-token", null,
				"{\"refresh_token\": \"%s\"}".formatted(user.refreshToken())), 401);
	}

	@Test
	void missingTokenIsUnauthorized() throws Exception {
		HttpResponse<String> response = get("/api/v1/profile", null);

		JsonNode problem = assertProblem(response, 401);
		assertThat(problem.get("detail").asString()).contains("Authorization: Bearer");
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(value) -> assertThat(value).startsWith("Bearer"));
	}

	@Test
	void unknownTokenIsUnauthorized() throws Exception {
		HttpResponse<String> response = get("/api/v1/profile", "not-a-real-token");

		JsonNode problem = assertProblem(response, 401);
		assertThat(problem.get("type").asString()).endsWith("invalid-token");
	}

	@Test
	void versionNamesProduct() throws Exception {
		HttpResponse<String> response = get("/api/v1/version", null);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).startsWith("Dossier ");
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/plain"));
	}

}
