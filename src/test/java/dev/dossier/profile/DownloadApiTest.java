package dev.dossier.profile;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.dossier.support.ApiTest;
import dev.dossier.support.Fixtures;

import static org.assertj.core.api.Assertions.assertThat;

class DownloadApiTest extends ApiTest {

	@Test
	void profileListsSignedUrls() throws Exception {
		User user = register();
		upload("avatar", user.accessToken(), Fixtures.avatarPng(), "me.png");
		upload("cv", user.accessToken(), Fixtures.cvPdf(), "cv.pdf");

		HttpResponse<String> response = get("/api/v1/profile", user.accessToken());

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode profile = JSON.readTree(response.body());
		assertThat(profile.get("username").asString()).isEqualTo(user.username());
		String avatarUrl = profile.get("avatar_file_url").asString();
		String cvUrl = profile.get("cv_file_url").asString();
		assertThat(avatarUrl).startsWith("http://127.0.0.1:" + this.port + "/api/v1/files/")
			.contains("&signature=");
		assertThat(cvUrl).startsWith("http://127.0.0.1:" + this.port + "/api/v1/files/").contains("&signature=");
		assertThat(response.body()).doesNotContain("\\u0026").contains("&expires=".substring(1));
		assertThat(profile.get("avatar").get("content_type").asString()).isEqualTo("image/jpeg");
		assertThat(profile.get("cv").get("content_type").asString()).isEqualTo("application/pdf");
	}

	@Test
	void profileWithoutFilesHasNulls() throws Exception {
		User user = register();

		JsonNode profile = JSON.readTree(get("/api/v1/profile", user.accessToken()).body());

		assertThat(profile.get("avatar_file_url").isNull()).isTrue();
		assertThat(profile.get("cv_file_url").isNull()).isTrue();
	}

	@Test
	void signedUrlServesCvWithHeaders() throws Exception {
		User user = register();
		byte[] pdf = Fixtures.cvPdf();
		upload("cv", user.accessToken(), pdf, "Lebenslauf Müller.pdf");
		String url = JSON.readTree(get("/api/v1/profile", user.accessToken()).body()).get("cv_file_url").asString();

		HttpResponse<byte[]> response = download(url, null);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(pdf);
		var headers = response.headers();
		assertThat(headers.firstValue("Content-Type")).hasValue("application/pdf");
		assertThat(headers.firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(headers.firstValue("Content-Security-Policy")).hasValueSatisfying(
				(csp) -> assertThat(csp).contains("default-src 'none'").contains("sandbox"));
		assertThat(headers.firstValue("Content-Disposition")).hasValueSatisfying((disposition) -> assertThat(
				disposition).isEqualTo("attachment; filename=\"Lebenslauf Muller.pdf\"; "
						+ "filename*=UTF-8''Lebenslauf%20M%C3%BCller.pdf"));
		assertThat(headers.firstValue("ETag")).hasValueSatisfying((etag) -> assertThat(etag).matches("\"[0-9a-f]{64}\""));
	}

	@Test
	void avatarIsServedInline() throws Exception {
		User user = register();
		byte[] png = Fixtures.avatarPng();
		String url = JSON.readTree(upload("avatar", user.accessToken(), png, "me.png").body()).get("url").asString();

		HttpResponse<byte[]> response = download(url, null);

		BufferedImage stored = ImageIO.read(new ByteArrayInputStream(response.body()));
		assertThat(stored.getWidth()).isEqualTo(40);
		assertThat(stored.getHeight()).isEqualTo(30);
		assertThat(response.headers().firstValue("Content-Disposition")).hasValueSatisfying(
				(disposition) -> assertThat(disposition).startsWith("inline"));
		assertThat(response.headers().firstValue("Content-Type")).hasValue("image/jpeg");
	}

	@Test
	void rangeRequestReturnsPart() throws Exception {
		User user = register();
		byte[] pdf = Fixtures.cvPdf();
		String url = JSON.readTree(upload("cv", user.accessToken(), pdf, "cv.pdf").body()).get("url").asString();
		HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Range", "bytes=10-19").build();

		HttpResponse<byte[]> response = this.http.send(request, HttpResponse.BodyHandlers.ofByteArray());

		assertThat(response.statusCode()).isEqualTo(206);
		assertThat(response.body()).isEqualTo(Arrays.copyOfRange(pdf, 10, 20));
		assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes 10-19/" + pdf.length);
	}

	@Test
	void matchingEtagIsNotModified() throws Exception {
		User user = register();
		String url = JSON.readTree(upload("cv", user.accessToken(), Fixtures.cvPdf(), "cv.pdf").body())
			.get("url")
			.asString();
		String etag = download(url, null).headers().firstValue("ETag").orElseThrow();
		HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("If-None-Match", etag).build();

		HttpResponse<byte[]> response = this.http.send(request, HttpResponse.BodyHandlers.ofByteArray());

		assertThat(response.statusCode()).isEqualTo(304);
		assertThat(response.body()).isEmpty();
	}

	@Test
	void ownerDownloadsWithToken() throws Exception {
		User user = register();
		byte[] pdf = Fixtures.cvPdf();
		long id = JSON.readTree(upload("cv", user.accessToken(), pdf, "cv.pdf").body()).get("id").asLong();

		HttpResponse<byte[]> response = download(uri("/api/v1/files/" + id + "/content").toString(),
				user.accessToken());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(pdf);
	}

	@Test
	void otherUserCannotDownloadById() throws Exception {
		User owner = register();
		User other = register();
		long id = JSON.readTree(upload("cv", owner.accessToken(), Fixtures.cvPdf(), "cv.pdf").body())
			.get("id")
			.asLong();

		HttpResponse<String> response = get("/api/v1/files/" + id + "/content", other.accessToken());

		assertProblem(response, 404);
	}

	@Test
	void unsignedAnonymousDownloadIsUnauthorized() throws Exception {
		User owner = register();
		long id = JSON.readTree(upload("cv", owner.accessToken(), Fixtures.cvPdf(), "cv.pdf").body())
			.get("id")
			.asLong();

		assertProblem(get("/api/v1/files/" + id + "/content", null), 401);
	}

	@Test
	void alteredSignedUrlIsRejected() throws Exception {
		User user = register();
		JsonNode first = JSON.readTree(upload("cv", user.accessToken(), Fixtures.cvPdf(), "cv.pdf").body());
		JsonNode second = JSON.readTree(upload("cv", user.accessToken(), Fixtures.textCv(100), "cv.txt").body());
		String url = first.get("url").asString();
		String path = url.substring(url.indexOf("/api/"));
		String query = path.substring(path.indexOf('?') + 1);
		long expires = Long.parseLong(query.replaceAll(".*expires=(\\d+).*", "$1"));

		String otherId = path.replace("/files/" + first.get("id").asLong() + "/",
				"/files/" + second.get("id").asLong() + "/");
		String laterExpiry = path.replace("expires=" + expires, "expires=" + (expires + 3600));
		String otherSignature = path.replaceAll("signature=[^&]*", "signature=AAAA");
		String withVariant = path + "&variant=256";

		for (String altered : new String[] { otherId, laterExpiry, otherSignature, withVariant }) {
			assertProblem(get(altered, null), 403);
		}
		assertThat(get(path, null).statusCode()).isEqualTo(200);
	}

	@Test
	void malformedExpiryIsBadRequest() throws Exception {
		User user = register();
		String url = JSON.readTree(upload("cv", user.accessToken(), Fixtures.cvPdf(), "cv.pdf").body())
			.get("url")
			.asString();
		String path = url.substring(url.indexOf("/api/")).replaceAll("expires=\\d+", "expires=abc");

		JsonNode problem = assertProblem(get(path, null), 400);

		assertThat(problem.get("detail").asString()).contains("'expires'").contains("'abc'").contains("fresh link");
	}

	@Test
	void expiredSignedUrlIsRejected() throws Exception {
		User user = register();
		String url = JSON.readTree(upload("cv", user.accessToken(), Fixtures.cvPdf(), "cv.pdf").body())
			.get("url")
			.asString();
		String path = url.substring(url.indexOf("/api/")).replaceAll("expires=\\d+", "expires=1000");

		JsonNode problem = assertProblem(get(path, null), 403);
		assertThat(problem.get("detail").asString()).contains("expired");
	}

	@Test
	void deletedFileIsUnreachable() throws Exception {
		User user = register();
		String url = JSON.readTree(upload("avatar", user.accessToken(), Fixtures.avatarPng(), "me.png").body())
			.get("url")
			.asString();

		HttpResponse<String> deleted = delete("/api/v1/user-operations/avatar", user.accessToken());

		assertThat(deleted.statusCode()).isEqualTo(204);
		assertProblem(get(url.substring(url.indexOf("/api/")), null), 404);
		assertProblem(get("/api/v1/user-operations/avatar", user.accessToken()), 404);
		assertThat(JSON.readTree(get("/api/v1/profile", user.accessToken()).body()).get("avatar_file_url").isNull())
			.isTrue();
	}

	@Test
	void deleteHistoryEntryById() throws Exception {
		User user = register();
		long old = JSON.readTree(upload("cv", user.accessToken(), Fixtures.textCv(10), "old.txt").body())
			.get("id")
			.asLong();
		long current = JSON.readTree(upload("cv", user.accessToken(), Fixtures.cvPdf(), "new.pdf").body())
			.get("id")
			.asLong();

		assertThat(delete("/api/v1/user-operations/cv/" + old, user.accessToken()).statusCode()).isEqualTo(204);

		JsonNode history = JSON.readTree(get("/api/v1/user-operations/cv/history", user.accessToken()).body());
		assertThat(history.get("items")).hasSize(1);
		assertThat(history.get("items").get(0).get("id").asLong()).isEqualTo(current);
		assertProblem(delete("/api/v1/user-operations/cv/" + old, user.accessToken()), 404);
	}

	@Test
	void otherUserCannotDeleteById() throws Exception {
		User owner = register();
		User other = register();
		long id = JSON.readTree(upload("cv", owner.accessToken(), Fixtures.cvPdf(), "cv.pdf").body())
			.get("id")
			.asLong();

		assertProblem(delete("/api/v1/user-operations/cv/" + id, other.accessToken()), 404);
		assertThat(get("/api/v1/user-operations/cv", owner.accessToken()).statusCode()).isEqualTo(200);
	}

	@Test
	void unknownPathIsProblem() throws Exception {
		User user = register();

		JsonNode problem = assertProblem(get("/api/v1/nothing-here", user.accessToken()), 404);
		assertThat(problem.get("detail").asString()).contains("/api/v1");
	}

}
