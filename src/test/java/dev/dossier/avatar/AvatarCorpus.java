package dev.dossier.avatar;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;

import dev.dossier.upload.ContentDetector;

/**
 * The avatar rows of the shared test corpus, read from its {@code MANIFEST.tsv}. The corpus folder
 * is the system property {@code dossier.corpus}; tests that need it are skipped with a message when
 * it is absent.
 */
final class AvatarCorpus {

	private static final Pattern NORMALIZED_SIZE = Pattern.compile("normalized (\\d+)x(\\d+)");

	private static final Pattern STORED_SIZE = Pattern
		.compile("stored (?:avatar (?:upright )?(?:landscape |portrait )?|still image |avatar sRGB )(\\d+)x(\\d+)");

	private static final ContentDetector DETECTOR = new ContentDetector();

	private AvatarCorpus() {
	}

	/** One image row of the manifest, posted to the avatar endpoint. */
	record Row(Path file, int status, String detail) {

		String name() {
			return this.file.getFileName().toString();
		}

		/** Width and height the manifest expects of the normalized image, if it names them. */
		Optional<int[]> expectedSize() {
			Matcher normalized = NORMALIZED_SIZE.matcher(this.detail);
			if (normalized.find()) {
				return Optional.of(new int[] { Integer.parseInt(normalized.group(1)),
						Integer.parseInt(normalized.group(2)) });
			}
			Matcher stored = STORED_SIZE.matcher(this.detail);
			if (stored.find()) {
				return Optional.of(new int[] { Integer.parseInt(stored.group(1)), Integer.parseInt(stored.group(2)) });
			}
			return Optional.empty();
		}

		boolean keepsTransparency() {
			return this.detail.contains("transparency kept");
		}

	}

	static Path dir() {
		String property = System.getProperty("dossier.corpus");
		Path corpus = (property != null) ? Path.of(property) : null;
		if (corpus == null || !Files.isRegularFile(corpus.resolve("MANIFEST.tsv"))) {
			String message = "Test corpus not found at " + property + " (set -Ddossier.corpus=DIR to the folder "
					+ "containing MANIFEST.tsv); the avatar corpus tests are skipped";
			System.err.println("SKIPPED: " + message);
			Assumptions.abort(message);
		}
		return corpus;
	}

	/** Image rows (not JSON bodies) of the avatar endpoint with the given expected status. */
	static List<Row> rows(int status) throws IOException {
		Path corpus = dir();
		List<Row> rows = new ArrayList<>();
		List<String> lines = Files.readAllLines(corpus.resolve("MANIFEST.tsv"), StandardCharsets.UTF_8);
		for (String line : lines.subList(1, lines.size())) {
			String[] columns = line.split("\t", -1);
			if (columns.length < 5 || columns[0].endsWith(".json") || columns[0].endsWith(".txt")) {
				continue;
			}
			boolean avatar = columns[1].equals("avatar") || columns[1].equals("both");
			if (avatar && Integer.parseInt(columns[3]) == status) {
				rows.add(new Row(corpus.resolve(columns[0]), status, columns[4]));
			}
		}
		return rows;
	}

	/** Detects the format of {@code file} as AvatarService does. */
	static Optional<ImageFormat> formatOf(Path file) throws IOException {
		return ImageFormat.detect(DETECTOR.detect(file), file);
	}

}
