package dev.dossier.storage;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.dossier.support.ApiTest;
import dev.dossier.support.Fixtures;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

class BlobSweeperApiTest extends ApiTest {

	private static final Duration PAST_GRACE = Duration.ofHours(25);

	@Autowired
	private BlobSweeper sweeper;

	@Autowired
	private BlobStore blobs;

	@Autowired
	private JdbcClient jdbc;

	private JsonNode uploadUnique(User user, String name) throws Exception {
		byte[] text = (name + " " + System.nanoTime() + "\n").repeat(20).getBytes();
		return JSON.readTree(upload("cv", user.accessToken(), text, name).body());
	}

	@Test
	void deletedFileGoesAfterGrace() throws Exception {
		User user = register();
		JsonNode stored = uploadUnique(user, "old.txt");
		String key = stored.get("sha256").asString();
		delete("/api/v1/user-operations/cv", user.accessToken());

		BlobSweeper.Result early = this.sweeper.sweep(Instant.now());

		assertThat(early.ran()).isTrue();
		assertThat(this.blobs.exists(key)).as("blob kept within the grace period").isTrue();
		assertThat(rowCount(stored.get("id").asLong())).isEqualTo(1);

		BlobSweeper.Result late = this.sweeper.sweep(Instant.now().plus(PAST_GRACE));

		assertThat(late.rows()).isGreaterThanOrEqualTo(1);
		assertThat(this.blobs.exists(key)).as("blob removed after the grace period").isFalse();
		assertThat(rowCount(stored.get("id").asLong())).isZero();
	}

	@Test
	void sharedContentSurvivesDeletion() throws Exception {
		User first = register();
		User second = register();
		byte[] same = ("shared CV " + System.nanoTime()).getBytes();
		JsonNode kept = JSON.readTree(upload("cv", second.accessToken(), same, "mine.txt").body());
		upload("cv", first.accessToken(), same, "also-mine.txt");
		delete("/api/v1/user-operations/cv", first.accessToken());

		this.sweeper.sweep(Instant.now().plus(PAST_GRACE));

		assertThat(this.blobs.exists(kept.get("sha256").asString())).isTrue();
		assertThat(download(kept.get("url").asString(), null).body()).isEqualTo(same);
	}

	@Test
	void orphanBlobGoesAfterGrace() throws Exception {
		Path orphan = Files.createTempFile(dataDir(), "orphan-", ".bin");
		Files.writeString(orphan, "bytes whose row was never written");
		String key = "0rphan" + Long.toHexString(System.nanoTime());
		this.blobs.put(key, orphan);

		this.sweeper.sweep(Instant.now());
		assertThat(this.blobs.exists(key)).as("fresh blob kept: its row may still be on its way").isTrue();

		this.sweeper.sweep(Instant.now().plus(PAST_GRACE));
		assertThat(this.blobs.exists(key)).isFalse();
	}

	@Test
	void liveFilesAreNeverSwept() throws Exception {
		User user = register();
		byte[] pdf = Fixtures.cvPdf();
		JsonNode stored = JSON.readTree(upload("cv", user.accessToken(), pdf, "cv.pdf").body());

		this.sweeper.sweep(Instant.now().plus(PAST_GRACE));

		assertThat(download(stored.get("url").asString(), null).body()).isEqualTo(pdf);
	}

	@Test
	void avatarVariantsFollowTheirFile() throws Exception {
		User keeper = register();
		User deleter = register();
		long kept = JSON.readTree(upload("avatar", keeper.accessToken(), Fixtures.avatarPng(), "kept.png").body())
			.get("id")
			.asLong();
		byte[] other = uniquePng();
		long deleted = JSON.readTree(upload("avatar", deleter.accessToken(), other, "gone.png").body())
			.get("id")
			.asLong();
		delete("/api/v1/user-operations/avatar", deleter.accessToken());

		this.sweeper.sweep(Instant.now().plus(PAST_GRACE));

		for (String key : variantKeys(kept)) {
			assertThat(this.blobs.exists(key)).as("variant of a live avatar").isTrue();
		}
		assertThat(variantKeys(deleted)).as("variant rows of the purged avatar").isEmpty();
		assertThat(rowCount(deleted)).isZero();
	}

	private static byte[] uniquePng() throws Exception {
		BufferedImage image = new BufferedImage(70, 50, BufferedImage.TYPE_INT_RGB);
		image.setRGB(3, 4, (int) (System.nanoTime() & 0xFFFFFF));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(image, "png", out);
		return out.toByteArray();
	}

	private List<String> variantKeys(long fileId) {
		return this.jdbc.sql("SELECT blob_key FROM avatar_variants WHERE file_id = ?")
			.param(fileId)
			.query(String.class)
			.list();
	}

	@Test
	void heldLeaseSkipsSweep() throws Exception {
		long until = Instant.now().plus(Duration.ofMinutes(10)).toEpochMilli();
		this.jdbc.sql("UPDATE job_leases SET holder = 'another node', leased_until = ? WHERE name = 'blob-sweeper'")
			.param(until)
			.update();
		try {
			BlobSweeper.Result result = this.sweeper.sweep(Instant.now());

			assertThat(result.ran()).isFalse();
		}
		finally {
			this.jdbc.sql("UPDATE job_leases SET holder = NULL, leased_until = 0 WHERE name = 'blob-sweeper'").update();
		}
	}

	private long rowCount(long id) {
		return this.jdbc.sql("SELECT COUNT(*) FROM stored_files WHERE id = ?").param(id).query(Long.class).single();
	}

}
