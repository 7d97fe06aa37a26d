package dev.dossier.upload;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.dossier.cv.CvFixtures;
import dev.dossier.support.Fixtures;
import dev.dossier.support.ServiceProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Feeds the upload endpoints of a service held to a 128 MiB heap with damaged files, generated
 * bodies and arbitrary bytes. Whatever arrives, the response is a 200 or a 4xx problem+json within the
 * request timeout, the service stays up without running out of memory, and the spool folder ends
 * empty.
 * <p>
 * The damaged files start from this project's fixtures and, where the shared corpus is present,
 * from every file its manifest accepts. Each run uses a new seed unless
 * {@code -Ddossier.fuzz.seed=N} fixes it; {@code -Ddossier.fuzz.cases=N} sets the number of
 * requests. A failure names the seed and the case, which repeat the same request.
 */
class UploadFuzzTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final long RUN_SEED = Long.getLong("dossier.fuzz.seed", new Random().nextLong());

	private static final int CASES = Integer.getInteger("dossier.fuzz.cases", 400);

	private static final String[] KINDS = { "avatar", "cv" };

	@TempDir
	static Path dataDir;

	private static ServiceProcess service;

	private static String token;

	@BeforeAll
	static void start() throws Exception {
		service = new ServiceProcess(dataDir, List.of("-Xmx128m"),
				List.of("--dossier.rate-limits.uploads-per-account=1000000",
						"--dossier.storage.quota-per-account=100GB"));
		service.start();
		token = service.register("fuzz");
	}

	@AfterAll
	static void stop() throws InterruptedException {
		if (service != null) {
			service.kill();
		}
	}

	@Test
	void everyBodyGetsClearResponse() throws Exception {
		List<Seed> seeds = seeds();
		Random run = new Random(RUN_SEED);
		int accepted = 0;
		for (int index = 0; index < CASES; index++) {
			long caseSeed = run.nextLong();
			Case fuzzCase = fuzzCase(new Random(caseSeed), seeds, index);
			String context = "run seed %d, case %d (%s)".formatted(RUN_SEED, index, fuzzCase.description());
			HttpResponse<String> response;
			try {
				response = service.send("/api/v1/user-operations/" + fuzzCase.kind(), token,
						HttpRequest.BodyPublishers.ofByteArray(fuzzCase.body()));
			}
			catch (HttpTimeoutException ex) {
				fail("No response within 60 s: " + context);
				return;
			}
			if (response.statusCode() >= 500) {
				fail("%d for %s: %s%nService log:%n%s".formatted(response.statusCode(), context, response.body(),
						service.logExcerpt(JSON.readTree(response.body()).path("request_id").asString("?"))));
			}
			if (response.statusCode() == 200) {
				accepted++;
			}
			else {
				assertProblem(response, context);
			}
		}
		assertThat(service.isAlive()).as("service still running").isTrue();
		assertThat(service.logText()).as("service log").doesNotContain("OutOfMemoryError");
		assertThat(service.get("/actuator/health", null).statusCode()).isEqualTo(200);
		try (Stream<Path> spool = Files.list(dataDir.resolve("tmp"))) {
			assertThat(spool.toList()).as("files left in the spool folder").isEmpty();
		}
		assertThat(accepted).as("accepted uploads of %d, run seed %d", CASES, RUN_SEED).isPositive();
	}

	private static void assertProblem(HttpResponse<String> response, String context) {
		assertThat(response.statusCode()).as(context).isBetween(400, 499);
		assertThat(response.headers().firstValue("Content-Type")).as(context)
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.get("status").asInt()).as(context).isEqualTo(response.statusCode());
		assertThat(problem.get("detail").asString()).as(context).isNotBlank();
		assertThat(problem.get("request_id").asString()).as(context).isNotBlank();
	}

	/** A file to damage, with the endpoint that takes it. */
	private record Seed(String name, String kind, byte[] bytes) {
	}

	private record Case(String kind, byte[] body, String description) {
	}

	private static Case fuzzCase(Random random, List<Seed> seeds, int index) {
		int choice = random.nextInt(20);
		if (choice < 9) {
			Seed seed = seeds.get(random.nextInt(seeds.size()));
			StringBuilder description = new StringBuilder("damaged " + seed.name() + ":");
			byte[] file = damage(seed.bytes(), random, description);
			String kind = (random.nextInt(8) == 0) ? otherKind(seed.kind()) : seed.kind();
			String body = "{\"upload_filename\": \"" + seed.name().replaceAll("[^A-Za-z0-9._-]", "_")
					+ "\", \"upload_content\": \"" + Base64.getEncoder().encodeToString(file) + "\"}";
			return new Case(kind, body.getBytes(StandardCharsets.US_ASCII), description.toString());
		}
		String kind = KINDS[random.nextInt(KINDS.length)];
		if (choice < 17) {
			UploadBodyGenerator.GeneratedBody generated = new UploadBodyGenerator(random.nextLong())
				.generate(index % 40 == 20);
			return new Case(kind, generated.json(), "generated body: " + generated.description());
		}
		byte[] bytes = new byte[random.nextInt(8192)];
		if (random.nextBoolean()) {
			random.nextBytes(bytes);
			return new Case(kind, bytes, bytes.length + " random bytes");
		}
		String[] pieces = { "{", "}", "[", "]", "\"", ":", ",", "\\", "\\u", "upload_content", "upload_filename",
				"AAAA", "data:", ";base64,", "null", "1e999", " ", "\n", "\u00e9", "\ud83d\ude00" };
		StringBuilder text = new StringBuilder();
		while (text.length() < bytes.length) {
			text.append(pieces[random.nextInt(pieces.length)]);
		}
		return new Case(kind, text.toString().getBytes(StandardCharsets.UTF_8), "JSON-like text");
	}

	/** Applies one to six random edits of the kinds that break parsers: bits, cuts, copies, big numbers. */
	private static byte[] damage(byte[] original, Random random, StringBuilder description) {
		byte[] file = original;
		int edits = 1 + random.nextInt(6);
		for (int edit = 0; edit < edits && file.length > 0; edit++) {
			int at = random.nextInt(file.length);
			switch (random.nextInt(6)) {
				case 0 -> {
					file = file.clone();
					file[at] ^= (byte) (1 << random.nextInt(8));
					description.append(" bit@").append(at);
				}
				case 1 -> {
					file = Arrays.copyOf(file, at);
					description.append(" cut@").append(at);
				}
				case 2 -> {
					byte[] insert = new byte[1 + random.nextInt(64)];
					random.nextBytes(insert);
					file = splice(file, at, at, insert);
					description.append(" insert@").append(at);
				}
				case 3 -> {
					int end = Math.min(file.length, at + 1 + random.nextInt(256));
					file = splice(file, at, end, new byte[0]);
					description.append(" delete@").append(at);
				}
				case 4 -> {
					int end = Math.min(file.length, at + 1 + random.nextInt(512));
					byte[] copy = Arrays.copyOfRange(file, at, end);
					int to = random.nextInt(file.length);
					file = splice(file, to, to, copy);
					description.append(" copy@").append(at).append("->").append(to);
				}
				default -> {
					file = file.clone();
					for (int i = at; i < Math.min(file.length, at + 4); i++) {
						file[i] = (byte) (random.nextBoolean() ? 0xFF : 0x7F);
					}
					description.append(" big@").append(at);
				}
			}
		}
		return file;
	}

	private static byte[] splice(byte[] file, int from, int to, byte[] insert) {
		byte[] result = new byte[file.length - (to - from) + insert.length];
		System.arraycopy(file, 0, result, 0, from);
		System.arraycopy(insert, 0, result, from, insert.length);
		System.arraycopy(file, to, result, from + insert.length, file.length - to);
		return result;
	}

	private static String otherKind(String kind) {
		return "avatar".equals(kind) ? "cv" : "avatar";
	}

	private static List<Seed> seeds() throws IOException {
		List<Seed> seeds = new ArrayList<>();
		seeds.add(new Seed("fixture.png", "avatar", Fixtures.avatarPng()));
		seeds.add(new Seed("fixture.jpg", "avatar", jpeg()));
		seeds.add(new Seed("fixture.pdf", "cv", CvFixtures.pdf(2)));
		seeds.add(new Seed("fixture.docx", "cv", CvFixtures.docx("Jane Example, engineer")));
		seeds.add(new Seed("fixture.txt", "cv", Fixtures.textCv(3000)));
		Path corpus = Path.of(System.getProperty("dossier.corpus", "../shared/corpus"));
		Path manifest = corpus.resolve("MANIFEST.tsv");
		if (!Files.isRegularFile(manifest)) {
			System.out.println("UploadFuzzTest: corpus not found at " + corpus
					+ "; damaging this project's own fixtures only");
			return seeds;
		}
		for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
			String[] columns = line.split("\t");
			if (columns.length > 2 && "accept".equals(columns[2])
					&& ("avatar".equals(columns[1]) || "cv".equals(columns[1]))) {
				Path file = corpus.resolve(columns[0]);
				if (Files.isRegularFile(file) && Files.size(file) < 2 * 1024 * 1024) {
					seeds.add(new Seed(file.getFileName().toString(), columns[1], Files.readAllBytes(file)));
				}
			}
		}
		return seeds;
	}

	private static byte[] jpeg() throws IOException {
		BufferedImage image = new BufferedImage(120, 90, BufferedImage.TYPE_INT_RGB);
		for (int y = 0; y < image.getHeight(); y++) {
			for (int x = 0; x < image.getWidth(); x++) {
				image.setRGB(x, y, (x * 2) << 16 | (y * 2) << 8 | 0x80);
			}
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(image, "jpeg", out);
		return out.toByteArray();
	}

}
