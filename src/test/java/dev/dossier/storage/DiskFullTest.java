package dev.dossier.storage;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.dossier.support.Fixtures;
import dev.dossier.support.ServiceTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded default on a full disk: the whole data folder (SQLite database, blobs, spool) is a
 * small tmpfs that the test mounts and then fills. Uploads must return 507 or 503 with nothing
 * half-written, and work again once space is freed. Mounting needs root; elsewhere the test is
 * skipped with a message.
 */
@DirtiesContext
class DiskFullTest extends ServiceTest {

	private static final String SIZE = "24m";

	private static Path mount;

	private Path filler;

	@BeforeAll
	static void mountTmpfs() throws Exception {
		Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux"), "tmpfs mounts need Linux");
		Path dir = Files.createTempDirectory("dossier-full-disk-");
		String failure = run("mount", "-t", "tmpfs", "-o", "size=" + SIZE, "tmpfs", dir.toString());
		if (failure != null) {
			Files.delete(dir);
		}
		Assumptions.assumeTrue(failure == null, () -> "Skipped: could not mount a tmpfs (needs root): " + failure);
		mount = dir;
	}

	@AfterAll
	static void unmount() throws Exception {
		if (mount != null) {
			// Lazy, because the cached application context may still hold the database file open.
			run("umount", "-l", mount.toString());
			Files.deleteIfExists(mount);
			mount = null;
		}
	}

	@DynamicPropertySource
	static void dataOnTmpfs(DynamicPropertyRegistry registry) {
		registry.add("dossier.storage.data-dir", () -> mount.toString());
		registry.add("dossier.rate-limits.uploads-per-account", () -> "100000");
	}

	@AfterEach
	void freeSpace() throws IOException {
		if (this.filler != null) {
			Files.deleteIfExists(this.filler);
		}
	}

	@Test
	void cvLargerThanFreeSpaceIsRejected() throws Exception {
		User user = register();
		assertThat(upload("cv", user.accessToken(), Fixtures.cvPdf(), "before.pdf").statusCode()).isEqualTo(200);
		State before = state(user, "cv");

		fillUntilFree(256 * 1024);
		HttpResponse<String> full = upload("cv", user.accessToken(), Fixtures.textCv(2 * 1024 * 1024), "big.txt");

		JsonNode problem = assertProblem(full, 507);
		assertThat(problem.get("detail").asString()).contains("Nothing was stored");
		assertThat(state(user, "cv")).isEqualTo(before);

		Files.delete(this.filler);
		HttpResponse<String> after = upload("cv", user.accessToken(), Fixtures.textCv(2 * 1024 * 1024), "big.txt");
		assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
		assertThat(state(user, "cv").history()).hasSize(2);
	}

	/**
	 * Shrinks the free space step by step while uploading avatars, so that the disk runs out at every
	 * point of the work in turn: spooling, the re-encoded variants, the database rows. Each upload
	 * either succeeds whole or changes nothing.
	 */
	@Test
	void fillingDiskLeavesNothingHalfWritten() throws Exception {
		User user = register();
		byte[] avatar = noisyPng(300, 300);
		assertThat(upload("avatar", user.accessToken(), avatar, "first.png").statusCode()).isEqualTo(200);

		int rejected = 0;
		for (long free = 2L * avatar.length; free >= 0; free -= 8 * 1024) {
			fillUntilFree(free);
			State before = state(user, "avatar");
			HttpResponse<String> response = upload("avatar", user.accessToken(), avatar, "next.png");
			if (response.statusCode() == 200) {
				assertThat(state(user, "avatar").history()).hasSize(before.history().size() + 1);
				continue;
			}
			rejected++;
			assertThat(response.statusCode()).as(response.body()).isIn(503, 507);
			assertProblem(response, response.statusCode());
			assertThat(state(user, "avatar")).as("state after a rejected upload with %d bytes free", free)
				.isEqualTo(before);
		}
		assertThat(rejected).as("uploads rejected for lack of space").isPositive();

		Files.delete(this.filler);
		HttpResponse<String> after = upload("avatar", user.accessToken(), avatar, "after.png");
		assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
	}

	/**
	 * What a user and the disk show: the current file's id, the ids in the history, the stored blob
	 * files and the spool folder's files.
	 */
	private record State(long current, List<Long> history, Set<String> blobs, Set<String> spool) {
	}

	private State state(User user, String kind) throws Exception {
		HttpResponse<String> current = get("/api/v1/user-operations/" + kind, user.accessToken());
		assertThat(current.statusCode()).as(current.body()).isEqualTo(200);
		HttpResponse<String> history = get("/api/v1/user-operations/" + kind + "/history", user.accessToken());
		assertThat(history.statusCode()).as(history.body()).isEqualTo(200);
		List<Long> ids = JSON.readTree(history.body()).get("items").valueStream().map((item) -> item.get("id").asLong())
			.toList();
		return new State(JSON.readTree(current.body()).get("id").asLong(), ids, files(mount.resolve("blobs")),
				files(mount.resolve("tmp")));
	}

	private static Set<String> files(Path dir) throws IOException {
		if (!Files.isDirectory(dir)) {
			return Set.of();
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			return paths.filter(Files::isRegularFile).map((path) -> dir.relativize(path).toString())
				.collect(TreeSet::new, Set::add, Set::addAll);
		}
	}

	/** Grows the filler file until the tmpfs has about {@code free} bytes left. */
	private void fillUntilFree(long free) throws IOException {
		if (this.filler == null) {
			this.filler = mount.resolve("filler");
		}
		Files.deleteIfExists(this.filler);
		long usable = Files.getFileStore(mount).getUsableSpace();
		long size = Math.max(0, usable - free);
		byte[] chunk = new byte[64 * 1024];
		try (OutputStream out = Files.newOutputStream(this.filler)) {
			for (long written = 0; written < size; written += chunk.length) {
				out.write(chunk, 0, (int) Math.min(chunk.length, size - written));
			}
		}
	}

	/** Encodes a PNG of random pixels, so that neither it nor its re-encoded variants compress much. */
	private static byte[] noisyPng(int width, int height) throws IOException {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Random random = new Random(7);
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				image.setRGB(x, y, random.nextInt(0x1000000));
			}
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(image, "png", out);
		return out.toByteArray();
	}

	/** Runs a command and returns null on success, else what it printed. */
	private static String run(String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			return String.join(" ", command) + " did not finish within 30 s";
		}
		String output = new String(process.getInputStream().readAllBytes()).strip();
		return (process.exitValue() == 0) ? null : String.join(" ", command) + ": " + output;
	}

}
