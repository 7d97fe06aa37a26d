package dev.dossier.web;

import java.net.http.HttpResponse;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.dossier.support.ApiTest;
import dev.dossier.support.Fixtures;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Low limits, so that a test can pass them: 3 logins per account, 3 uploads per account. */
class RateLimitApiTest extends ApiTest {

	@DynamicPropertySource
	static void lowLimits(DynamicPropertyRegistry registry) {
		registry.add("dossier.rate-limits.logins-per-account", () -> "3");
		registry.add("dossier.rate-limits.uploads-per-account", () -> "3");
	}

	private HttpResponse<String> login(User user, String password) throws Exception {
		return postJson("/api/v1/login", null,
				"{\"username\": \"%s\", \"password\": \"%s\"}".formatted(user.username(), password));
	}

	@Test
	void loginsPerAccountAreLimited() throws Exception {
		User user = register();
		User other = register();
		for (int attempt = 0; attempt < 3; attempt++) {
			assertThat(login(user, "wrong password").statusCode()).isEqualTo(401);
		}

		HttpResponse<String> limited = login(user, user.password());

		JsonNode problem = assertProblem(limited, 429);
		assertThat(problem.get("detail").asString()).contains("Too many login attempts").contains("try again in");
		assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(
				(seconds) -> assertThat(Long.parseLong(seconds)).isBetween(1L, 900L));
		assertThat(login(other, other.password()).statusCode()).as("other accounts unaffected").isEqualTo(200);
	}

	@Test
	void userNameAndEmailShareTheAccountLimit() throws Exception {
		User user = register();
		String email = user.username() + "@example.com";
		assertThat(login(user, "wrong password").statusCode()).isEqualTo(401);
		assertThat(login(user, "wrong password").statusCode()).isEqualTo(401);
		assertThat(postJson("/api/v1/login", null,
				"{\"username\": \"%s\", \"password\": \"wrong\"}".formatted(email.toUpperCase(Locale.ROOT))).statusCode())
			.isEqualTo(401);

		HttpResponse<String> byEmail = postJson("/api/v1/login", null,
				"{\"username\": \"%s\", \"password\": \"%s\"}".formatted(email, user.password()));

		assertProblem(byEmail, 429);
		assertProblem(login(user, user.password()), 429);
	}

	@Test
	void uploadsPerAccountAreLimited() throws Exception {
		User user = register();
		for (int upload = 0; upload < 3; upload++) {
			assertThat(upload("cv", user.accessToken(), Fixtures.textCv(100 + upload), "cv.txt").statusCode())
				.isEqualTo(200);
		}

		HttpResponse<String> limited = upload("avatar", user.accessToken(), Fixtures.avatarPng(), "me.png");

		assertProblem(limited, 429);
		assertThat(limited.headers().firstValue("Retry-After")).isPresent();
		assertThat(get("/api/v1/user-operations/avatar", user.accessToken()).statusCode()).isEqualTo(404);
		assertThat(spoolFileCount()).isZero();
	}

}
