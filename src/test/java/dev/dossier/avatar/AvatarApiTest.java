package dev.dossier.avatar;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.dossier.support.ApiTest;
import dev.dossier.support.Fixtures;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Avatar variants over HTTP: listed in every JSON view, served by signed URL and owner's token. */
class AvatarApiTest extends ApiTest {

	@Autowired
	private JdbcClient jdbc;

	@Test
	void uploadListsVariants() throws Exception {
		User user = register();

		HttpResponse<String> response = upload("avatar", user.accessToken(), Fixtures.avatarPng(), "me.png");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode variants = JSON.readTree(response.body()).get("variants");
		assertThat(variants).hasSize(4);
		assertThat(variants.valueStream().map((variant) -> variant.get("variant").asString()).toList())
			.containsExactly("64", "128", "256", "512");
		for (JsonNode variant : variants) {
			assertThat(variant.get("width").asInt()).as("fixture is 40 x 30, so squares stop at 30").isEqualTo(30);
			assertThat(variant.get("height").asInt()).isEqualTo(30);
			assertThat(variant.get("url").asString()).contains("variant=" + variant.get("variant").asString() + "&");
		}
	}

	@Test
	void signedVariantUrlServesSquare() throws Exception {
		User user = register();
		byte[] photo = photoJpeg(900, 600);
		JsonNode stored = JSON.readTree(upload("avatar", user.accessToken(), photo, "photo.jpg").body());

		for (JsonNode variant : stored.get("variants")) {
			HttpResponse<byte[]> download = download(variant.get("url").asString(), null);

			assertThat(download.statusCode()).isEqualTo(200);
			assertThat(download.headers().firstValue("Content-Type")).hasValue("image/jpeg");
			assertThat(download.headers().firstValue("ETag")).hasValue("\"" + sha256(download.body()) + "\"");
			BufferedImage square = StoredImages.decode(download.body());
			int side = Integer.parseInt(variant.get("variant").asString());
			assertThat(square.getWidth()).isEqualTo(side);
			assertThat(square.getHeight()).isEqualTo(side);
			assertThat(variant.get("size").asLong()).isEqualTo(download.body().length);
		}
		BufferedImage main = StoredImages.decode(download(stored.get("url").asString(), null).body());
		assertThat(main.getWidth()).isEqualTo(900);
		assertThat(main.getHeight()).isEqualTo(600);
	}

	@Test
	void ownerTokenServesVariant() throws Exception {
		User user = register();
		long id = JSON.readTree(upload("avatar", user.accessToken(), Fixtures.avatarPng(), "me.png").body())
			.get("id")
			.asLong();

		HttpResponse<byte[]> download = download(uri("/api/v1/files/" + id + "/content?variant=128").toString(),
				user.accessToken());

		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(StoredImages.decode(download.body()).getWidth()).isEqualTo(30);
	}

	@Test
	void otherUserReachesNoVariantNorHistoryEntry() throws Exception {
		User owner = register();
		User other = register();
		upload("avatar", other.accessToken(), Fixtures.avatarPng(), "own.png");
		long id = JSON.readTree(upload("avatar", owner.accessToken(), Fixtures.avatarPng(), "me.png").body())
			.get("id")
			.asLong();

		assertProblem(get("/api/v1/files/" + id + "/content?variant=128", other.accessToken()), 404);
		assertProblem(delete("/api/v1/user-operations/avatar/" + id, other.accessToken()), 404);
		JsonNode history = JSON.readTree(get("/api/v1/user-operations/avatar/history", other.accessToken()).body());
		assertThat(history.get("items").valueStream().map((item) -> item.get("id").asLong())).doesNotContain(id);
		assertThat(JSON.readTree(get("/api/v1/user-operations/avatar", owner.accessToken()).body()).get("id").asLong())
			.isEqualTo(id);
	}

	@Test
	void alteredVariantUrlIsRejected() throws Exception {
		User user = register();
		JsonNode stored = JSON.readTree(upload("avatar", user.accessToken(), photoJpeg(900, 600), "photo.jpg").body());
		String url = stored.get("variants").get(0).get("url").asString();
		String path = url.substring(url.indexOf("/api/"));

		assertProblem(get(path.replace("variant=64&", "variant=512&"), null), 403);
		assertProblem(get(path.replace("variant=64&", ""), null), 403);
		assertThat(get(path, null).statusCode()).isEqualTo(200);
	}

	@Test
	void unknownVariantIsNotFound() throws Exception {
		User user = register();
		long id = JSON.readTree(upload("avatar", user.accessToken(), Fixtures.avatarPng(), "me.png").body())
			.get("id")
			.asLong();

		HttpResponse<String> response = get("/api/v1/files/" + id + "/content?variant=100", user.accessToken());

		JsonNode problem = assertProblem(response, 404);
		assertThat(problem.get("detail").asString()).contains("no variant '100'");
	}

	@Test
	void everyViewListsVariants() throws Exception {
		User user = register();
		upload("avatar", user.accessToken(), Fixtures.avatarPng(), "first.png");
		upload("avatar", user.accessToken(), Fixtures.avatarPng(), "second.png");

		JsonNode current = JSON.readTree(get("/api/v1/user-operations/avatar", user.accessToken()).body());
		JsonNode profile = JSON.readTree(get("/api/v1/profile", user.accessToken()).body());
		JsonNode history = JSON.readTree(get("/api/v1/user-operations/avatar/history", user.accessToken()).body());

		assertThat(current.get("variants")).hasSize(4);
		assertThat(profile.get("avatar").get("variants")).hasSize(4);
		List<JsonNode> items = history.get("items").valueStream().toList();
		assertThat(items).hasSize(2).allSatisfy((item) -> assertThat(item.get("variants")).hasSize(4));
	}

	@Test
	void variantRowsGoWithTheirFile() throws Exception {
		User user = register();
		long id = JSON.readTree(upload("avatar", user.accessToken(), Fixtures.avatarPng(), "me.png").body())
			.get("id")
			.asLong();
		String countVariants = "SELECT count(*) FROM avatar_variants WHERE file_id = ?";
		assertThat(this.jdbc.sql(countVariants).param(id).query(Long.class).single()).isEqualTo(4);

		this.jdbc.sql("DELETE FROM current_files WHERE file_id = ?").param(id).update();
		this.jdbc.sql("DELETE FROM stored_files WHERE id = ?").param(id).update();

		assertThat(this.jdbc.sql(countVariants).param(id).query(Long.class).single()).isZero();
	}

	@Test
	void cvViewHasNoVariants() throws Exception {
		User user = register();

		JsonNode cv = JSON.readTree(upload("cv", user.accessToken(), Fixtures.cvPdf(), "cv.pdf").body());

		assertThat(cv.has("variants")).isFalse();
	}

	private static byte[] photoJpeg(int width, int height) throws Exception {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		ImageIO.write(AvatarPipelineTest.photo(width, height), "jpeg", bytes);
		return bytes.toByteArray();
	}

	private static String sha256(byte[] bytes) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
	}

}
