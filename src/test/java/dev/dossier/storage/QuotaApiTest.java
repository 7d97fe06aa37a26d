package dev.dossier.storage;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.dossier.support.ApiTest;
import dev.dossier.support.Fixtures;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** A quota of 1 MiB per account, so that two CVs of 600 KiB pass it. */
class QuotaApiTest extends ApiTest {

	private static final int CV_BYTES = 600 * 1024;

	@DynamicPropertySource
	static void smallQuota(DynamicPropertyRegistry registry) {
		registry.add("dossier.storage.quota-per-account", () -> "1MB");
	}

	@Test
	void uploadPastQuotaIsRejected() throws Exception {
		User user = register();
		HttpResponse<String> first = upload("cv", user.accessToken(), Fixtures.textCv(CV_BYTES), "first.txt");
		assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
		long firstId = JSON.readTree(first.body()).get("id").asLong();

		HttpResponse<String> second = upload("cv", user.accessToken(), Fixtures.textCv(CV_BYTES + 1), "second.txt");

		JsonNode problem = assertProblem(second, 409);
		assertThat(problem.get("type").asString()).isEqualTo("urn:dossier:problem:quota-exceeded");
		assertThat(problem.get("detail").asString()).contains("0.6 MiB of the 1.0 MiB")
			.contains("DELETE /api/v1/user-operations/cv/{id}");
		assertThat(JSON.readTree(get("/api/v1/user-operations/cv", user.accessToken()).body()).get("id").asLong())
			.isEqualTo(firstId);
		assertThat(spoolFileCount()).isZero();

		assertThat(delete("/api/v1/user-operations/cv/" + firstId, user.accessToken()).statusCode()).isEqualTo(204);
		HttpResponse<String> afterDelete = upload("cv", user.accessToken(), Fixtures.textCv(CV_BYTES + 1),
				"second.txt");
		assertThat(afterDelete.statusCode()).as(afterDelete.body()).isEqualTo(200);
	}

	@Test
	void quotaIsPerAccount() throws Exception {
		User full = register();
		User other = register();
		assertThat(upload("cv", full.accessToken(), Fixtures.textCv(CV_BYTES), "cv.txt").statusCode()).isEqualTo(200);
		assertProblem(upload("cv", full.accessToken(), Fixtures.textCv(CV_BYTES), "cv.txt"), 409);

		HttpResponse<String> others = upload("cv", other.accessToken(), Fixtures.textCv(CV_BYTES), "cv.txt");

		assertThat(others.statusCode()).as(others.body()).isEqualTo(200);
	}

}
