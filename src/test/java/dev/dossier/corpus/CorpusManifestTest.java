package dev.dossier.corpus;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.TestAbortedException;
import tools.jackson.databind.JsonNode;

import dev.dossier.support.ApiTest;
import org.springframework.http.ContentDisposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Sends every real-world file of the shared test corpus through the API and checks the status its
 * manifest expects. The corpus lives outside this repository (its files come from other projects);
 * its folder is the system property {@code dossier.corpus}, and without it these tests are skipped
 * with a message. Request-body rows ({@code .json}) are sent verbatim; other files are sent as plain
 * base64 under their own file name.
 */
class CorpusManifestTest extends ApiTest {

	/**
	 * Rows whose expected outcome needs checks the service does not make yet, with the reason. A
	 * pending row is skipped while it still fails, and fails once it passes, so that the list stays
	 * true.
	 */
	private static final Map<String, String> PENDING = Map.of();

	private static final Pattern STORED_EQUAL = Pattern.compile("stored byte-exact equal to (\\S+\\.\\w+)");

	private static final Pattern PAGES = Pattern.compile("\\bpages=(\\d+)");

	/** The quoted fragments after "text contains", such as {@code 'Développeuse' and '日本語'}. */
	private static final Pattern TEXT_CONTAINS = Pattern.compile("text contains ((?:'[^']+'(?: and )?)+)");

	private static final Pattern QUOTED = Pattern.compile("'([^']+)'");

	/**
	 * Rows whose detail quotes text that the file does not contain, with what it contains instead. Their
	 * extracted text is compared with the whole file; once the manifest is corrected, the row fails
	 * here until it is removed from this map.
	 */
	private static final Map<String, String> WRONG_TEXT_IN_MANIFEST = Map.of("cv/txt/tika-testTXT.txt -> cv",
			"Test d'indexation de Txt\nhttp://www.apache.org\n");

	record Row(String file, String kind, int status, String detail) {

		String key() {
			return this.file + " -> " + this.kind;
		}

	}

	@TestFactory
	Stream<DynamicTest> manifestRows() throws Exception {
		Path corpus = corpusDir();
		List<DynamicTest> tests = new ArrayList<>();
		for (Row row : readManifest(corpus.resolve("MANIFEST.tsv"))) {
			if (row.file().equals("hostile-filenames.txt")) {
				continue;
			}
			tests.add(DynamicTest.dynamicTest(row.key() + " = " + row.status(), () -> check(corpus, row)));
		}
		return tests.stream();
	}

	private void check(Path corpus, Row row) throws Exception {
		String pending = PENDING.get(row.key());
		try {
			send(corpus, row);
		}
		catch (AssertionError ex) {
			if (pending != null) {
				throw new TestAbortedException("Pending: " + pending + " (now: " + ex.getMessage().strip() + ")");
			}
			throw ex;
		}
		if (pending != null) {
			fail("Row passes now; remove it from PENDING: " + row.key());
		}
	}

	private void send(Path corpus, Row row) throws Exception {
		User user = register();
		Path file = corpus.resolve(row.file());
		String body = row.file().endsWith(".json") ? Files.readString(file)
				: uploadBody(Files.readAllBytes(file), file.getFileName().toString());

		HttpResponse<String> response = postJson("/api/v1/user-operations/" + row.kind(), user.accessToken(), body);

		if (row.status() != 200) {
			assertProblem(response, row.status());
			assertThat(get("/api/v1/user-operations/" + row.kind() + "/history", user.accessToken()).body())
				.as("nothing stored after a rejection")
				.isEqualTo("{\"items\":[]}");
			return;
		}
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode stored = JSON.readTree(response.body());
		Matcher same = STORED_EQUAL.matcher(row.detail());
		if (same.find()) {
			byte[] expected = Files.readAllBytes(corpus.resolve(same.group(1)));
			assertThat(stored.get("sha256").asString()).isEqualTo(sha256(expected));
			assertThat(stored.get("size").asLong()).isEqualTo(expected.length);
		}
		if (row.kind().equals("cv")) {
			checkCvText(row, stored, user);
		}
	}

	/** Checks the page count and text fragments that the row's detail names, through the API. */
	private void checkCvText(Row row, JsonNode stored, User user) throws Exception {
		Matcher pages = PAGES.matcher(row.detail());
		if (pages.find()) {
			assertThat(stored.get("pages").asInt()).as("pages").isEqualTo(Integer.parseInt(pages.group(1)));
		}
		Matcher contains = TEXT_CONTAINS.matcher(row.detail());
		if (contains.find()) {
			HttpResponse<String> text = get("/api/v1/user-operations/cv/text", user.accessToken());
			assertThat(text.statusCode()).isEqualTo(200);
			String actualText = WRONG_TEXT_IN_MANIFEST.get(row.key());
			Matcher fragment = QUOTED.matcher(contains.group(1));
			while (fragment.find()) {
				if (actualText != null) {
					assertThat(text.body()).as("text the manifest names wrongly").doesNotContain(fragment.group(1));
				}
				else {
					assertThat(text.body()).as("extracted text").contains(fragment.group(1));
				}
			}
			if (actualText != null) {
				assertThat(text.body()).isEqualTo(actualText);
			}
			assertThat(stored.get("text_length").asInt()).isEqualTo(text.body().codePointCount(0, text.body().length()));
		}
	}

	@TestFactory
	Stream<DynamicTest> hostileFilenames() throws Exception {
		Path corpus = corpusDir();
		byte[] png = Files.readAllBytes(corpus.resolve("avatar/png/pngsuite-basn6a08.png"));
		List<DynamicTest> tests = new ArrayList<>();
		List<String> lines = Files.readAllLines(corpus.resolve("hostile-filenames.txt"), StandardCharsets.US_ASCII);
		for (int i = 0; i < lines.size(); i++) {
			String name = decodeLine(lines.get(i));
			tests.add(DynamicTest.dynamicTest("hostile name line " + (i + 1), () -> checkHostileName(png, name)));
		}
		return tests.stream();
	}

	private void checkHostileName(byte[] png, String name) throws Exception {
		User user = register();

		HttpResponse<String> response = upload("avatar", user.accessToken(), png, name);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode stored = JSON.readTree(response.body());
		String cleaned = stored.get("filename").asString();
		assertThat(cleaned).isNotBlank().doesNotContain("/").doesNotContain("\\").isNotIn(".", "..");
		assertThat(cleaned.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
		assertThat(cleaned.codePoints()
			.filter((c) -> Character.getType(c) == Character.CONTROL || Character.getType(c) == Character.FORMAT))
			.isEmpty();
		HttpResponse<byte[]> download = download(stored.get("url").asString(), null);
		assertThat(download.statusCode()).isEqualTo(200);
		List<String> dispositions = download.headers().allValues("Content-Disposition");
		assertThat(dispositions).hasSize(1);
		assertThat(dispositions.get(0)).doesNotContain("\r").doesNotContain("\n").contains("filename*=UTF-8''");
		assertThat(dispositions.get(0).chars()).as("header is ASCII").allMatch((c) -> c >= 0x20 && c < 0x7F);
		assertThat(ContentDisposition.parse(dispositions.get(0)).getFilename()).isEqualTo(cleaned);
	}

	/** Decodes a line of the hostile-name list: {@code \xNN} is one byte, {@code \\} one backslash. */
	private static String decodeLine(String line) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == '\\') {
				bytes.write('\\');
				i++;
			}
			else if (c == '\\' && i + 3 < line.length() && line.charAt(i + 1) == 'x') {
				bytes.write(Integer.parseInt(line.substring(i + 2, i + 4), 16));
				i += 3;
			}
			else {
				bytes.write(c);
			}
		}
		return bytes.toString(StandardCharsets.UTF_8);
	}

	/** Reports a missing corpus as a skipped test, since a skipped factory shows as no test at all. */
	@Test
	void corpusIsPresent() {
		corpusDir();
	}

	private static Path corpusDir() {
		String property = System.getProperty("dossier.corpus");
		Path corpus = (property != null) ? Path.of(property) : null;
		if (corpus == null || !Files.isRegularFile(corpus.resolve("MANIFEST.tsv"))) {
			String message = "Test corpus not found at " + property + " (set -Ddossier.corpus=DIR to the folder "
					+ "holding MANIFEST.tsv); the corpus tests are skipped";
			System.err.println("SKIPPED: " + message);
			Assumptions.abort(message);
		}
		return corpus;
	}

	private static List<Row> readManifest(Path manifest) throws Exception {
		List<Row> rows = new ArrayList<>();
		List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
		for (String line : lines.subList(1, lines.size())) {
			if (line.isBlank()) {
				continue;
			}
			String[] columns = line.split("\t", -1);
			String kind = columns[1];
			int status = Integer.parseInt(columns[3]);
			List<String> kinds = kind.equals("both") ? List.of("avatar", "cv") : List.of(kind);
			for (String each : kinds) {
				rows.add(new Row(columns[0], each, status, columns[4]));
			}
		}
		return rows;
	}

	private static String sha256(byte[] bytes) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
	}

}
