package dev.dossier.web;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.dossier.support.ApiTest;

import static org.assertj.core.api.Assertions.assertThat;

class HealthApiTest extends ApiTest {

	@Test
	void readinessCoversDatabaseAndBlobs() throws Exception {
		HttpResponse<String> response = get("/actuator/health/readiness", null);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode health = JSON.readTree(response.body());
		assertThat(health.get("status").asString()).isEqualTo("UP");
	}

	@Test
	void responsesCarryRequestId() throws Exception {
		HttpResponse<String> response = get("/api/v1/version", null);

		assertThat(response.headers().firstValue("X-Request-Id")).hasValueSatisfying(
				(id) -> assertThat(id).isNotBlank());
	}

}
