package dev.dossier.upload;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class FileNamesTest {

	private static final String FALLBACK = "upload";

	@Test
	void extensionFollowsDetectedType() {
		List<String> pdf = List.of("pdf");
		List<String> text = List.of("txt", "text", "md");

		assertThat(FileNames.withExtension("resume.docx", pdf)).isEqualTo("resume.pdf");
		assertThat(FileNames.withExtension("My CV", pdf)).isEqualTo("My CV.pdf");
		assertThat(FileNames.withExtension("cv.PDF", pdf)).isEqualTo("cv.PDF");
		assertThat(FileNames.withExtension("CV v1.2", pdf)).isEqualTo("CV v1.2.pdf");
		assertThat(FileNames.withExtension("notes.md", text)).isEqualTo("notes.md");
		assertThat(FileNames.withExtension("cv.exe", text)).isEqualTo("cv.txt");
	}

	@Test
	void addedExtensionStaysWithinLimit() {
		String name = FileNames.withExtension("\u00e9".repeat(127), List.of("docx"));

		assertThat(name).endsWith(".docx");
		assertThat(name.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(FileNames.MAX_BYTES);
	}

	@Test
	void keepsPlainName() {
		assertThat(FileNames.clean("cv.pdf", FALLBACK)).isEqualTo("cv.pdf");
	}

	@Test
	void keepsLastUnixPathSegment() {
		assertThat(FileNames.clean("../../etc/passwd", FALLBACK)).isEqualTo("passwd");
		assertThat(FileNames.clean("/home/ana/cv.pdf", FALLBACK)).isEqualTo("cv.pdf");
	}

	@Test
	void keepsLastWindowsPathSegment() {
		assertThat(FileNames.clean("C:\\Users\\Ana\\cv.pdf", FALLBACK)).isEqualTo("cv.pdf");
		assertThat(FileNames.clean("\\\\server\\share\\cv.pdf", FALLBACK)).isEqualTo("cv.pdf");
	}

	@Test
	void keepsLastSegmentOfMixedSeparators() {
		assertThat(FileNames.clean("a\\b/c\\cv.pdf", FALLBACK)).isEqualTo("cv.pdf");
		assertThat(FileNames.clean("a/b\\c/cv.pdf", FALLBACK)).isEqualTo("cv.pdf");
	}

	@Test
	void removesControlCharacters() {
		assertThat(FileNames.clean("cv\u0000.pdf", FALLBACK)).isEqualTo("cv.pdf");
		assertThat(FileNames.clean("cv\r\nX-Evil: 1.pdf", FALLBACK)).isEqualTo("cvX-Evil 1.pdf");
		assertThat(FileNames.clean("\u001b[31mred\u001b[0m.png", FALLBACK)).isEqualTo("[31mred[0m.png");
		assertThat(FileNames.clean("del\u007fete.pdf", FALLBACK)).isEqualTo("delete.pdf");
		assertThat(FileNames.clean("c\u0085v.pdf", FALLBACK)).isEqualTo("cv.pdf");
		assertThat(FileNames.clean("my\tcv.pdf", FALLBACK)).isEqualTo("mycv.pdf");
	}

	@Test
	void removesBidiControls() {
		assertThat(FileNames.clean("invoice\u202efdp.exe", FALLBACK)).isEqualTo("invoicefdp.exe");
		assertThat(FileNames.clean("cv\u2066\u2067\u2068x\u2069.pdf", FALLBACK)).isEqualTo("cvx.pdf");
		assertThat(FileNames.clean("cv\u200f\u200e.pdf", FALLBACK)).isEqualTo("cv.pdf");
		assertThat(FileNames.clean("\u202a\u202b\u202c\u202dcv.pdf", FALLBACK)).isEqualTo("cv.pdf");
	}

	@Test
	void removesInvisibleFormatCharacters() {
		assertThat(FileNames.clean("c\u200bv\ufeff.pdf", FALLBACK)).isEqualTo("cv.pdf");
		assertThat(FileNames.clean("cv\u00ad.pdf", FALLBACK)).isEqualTo("cv.pdf");
	}

	@Test
	void removesUnpairedSurrogates() {
		assertThat(FileNames.clean("cv\ud800.pdf", FALLBACK)).isEqualTo("cv.pdf");
		assertThat(FileNames.clean("cv\udc00.pdf", FALLBACK)).isEqualTo("cv.pdf");
	}

	@Test
	void keepsSurrogatePairs() {
		assertThat(FileNames.clean("\ud83d\ude00 photo.png", FALLBACK)).isEqualTo("\ud83d\ude00 photo.png");
	}

	@Test
	void removesWindowsReservedCharacters() {
		assertThat(FileNames.clean("cv: \"final\" <v2>?*|.pdf", FALLBACK)).isEqualTo("cv final v2.pdf");
	}

	@Test
	void removesLeadingDotsAndSpaces() {
		assertThat(FileNames.clean(".htaccess", FALLBACK)).isEqualTo("htaccess");
		assertThat(FileNames.clean(" . . cv.pdf", FALLBACK)).isEqualTo("cv.pdf");
	}

	@Test
	void collapsesWhitespace() {
		assertThat(FileNames.clean("  my \u3000  cv .pdf  ", FALLBACK)).isEqualTo("my cv .pdf");
	}

	@Test
	void normalizesToComposedForm() {
		assertThat(FileNames.clean("e\u0301te\u0301.pdf", FALLBACK)).isEqualTo("\u00e9t\u00e9.pdf");
	}

	@Test
	void keepsPercentEscapes() {
		assertThat(FileNames.clean("%2e%2e%2fetc%2fpasswd.pdf", FALLBACK)).isEqualTo("%2e%2e%2fetc%2fpasswd.pdf");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", ".", "..", "...", "/", "\\", "a/", "dir\\", "\u202e", "\u0000\u0001", " . . ",
			"\u200b\ufeff", "\ud800", "::**" })
	void fallsBackWhenNothingIsLeft(String name) {
		assertThat(FileNames.clean(name, FALLBACK)).isEqualTo(FALLBACK);
	}

	@Test
	void cutsLongNameKeepingExtension() {
		String cleaned = FileNames.clean("a".repeat(1000) + ".pdf", FALLBACK);

		assertThat(utf8Length(cleaned)).isEqualTo(FileNames.MAX_BYTES);
		assertThat(cleaned).endsWith(".pdf").startsWith("aaaa");
	}

	@Test
	void keepsNameAtByteLimit() {
		String name = "a".repeat(FileNames.MAX_BYTES - 4) + ".pdf";

		assertThat(FileNames.clean(name, FALLBACK)).isEqualTo(name);
	}

	@Test
	void cutsNameOneByteOverLimit() {
		String cleaned = FileNames.clean("a".repeat(FileNames.MAX_BYTES - 3) + ".pdf", FALLBACK);

		assertThat(cleaned).isEqualTo("a".repeat(FileNames.MAX_BYTES - 4) + ".pdf");
	}

	@Test
	void neverSplitsCharacterWhenCutting() {
		String[] characters = { "\u00e9", "\u20ac", "\ud83d\ude00", "e\u0301" };

		for (String character : characters) {
			for (int padding = 0; padding < 4; padding++) {
				String name = "x".repeat(padding) + character.repeat(300) + ".png";

				String cleaned = FileNames.clean(name, FALLBACK);

				assertThat(utf8Length(cleaned)).as("%s with %d ASCII characters before", character, padding)
					.isLessThanOrEqualTo(FileNames.MAX_BYTES)
					.isGreaterThan(FileNames.MAX_BYTES - 4);
				assertThat(isWellFormed(cleaned)).as("%s with %d ASCII characters before", character, padding).isTrue();
				assertThat(cleaned).as("%s with %d ASCII characters before", character, padding).endsWith(".png");
			}
		}
	}

	@Test
	void cutsLongNameWithoutExtension() {
		String cleaned = FileNames.clean("\u00e9".repeat(400), FALLBACK);

		assertThat(cleaned).isEqualTo("\u00e9".repeat(127));
	}

	@Test
	void dropsOverlongExtensionWhenCutting() {
		String extension = "." + "y".repeat(40);

		String cleaned = FileNames.clean("x".repeat(300) + extension, FALLBACK);

		assertThat(cleaned).isEqualTo("x".repeat(FileNames.MAX_BYTES));
	}

	@Test
	void keepsFifteenCharacterExtensionWhenCutting() {
		String extension = "." + "y".repeat(15);

		String cleaned = FileNames.clean("x".repeat(300) + extension, FALLBACK);

		assertThat(cleaned).endsWith(extension);
		assertThat(utf8Length(cleaned)).isEqualTo(FileNames.MAX_BYTES);
	}

	@Test
	void cleansHostileCorpusNames() throws IOException {
		String corpus = System.getProperty("dossier.corpus");
		assumeTrue(corpus != null && Files.isDirectory(Path.of(corpus)),
				"Skipped: the test corpus folder (system property dossier.corpus, set by the Maven build) "
						+ "is not present at " + corpus);
		Path list = Path.of(corpus, "hostile-filenames.txt");
		assumeTrue(Files.isRegularFile(list), "Skipped: " + list + " is not present");
		List<String> lines = Files.readAllLines(list, StandardCharsets.US_ASCII);

		assertThat(lines).isNotEmpty();
		SoftAssertions softly = new SoftAssertions();
		for (int i = 0; i < lines.size(); i++) {
			String label = "line " + (i + 1) + " (" + abbreviate(lines.get(i)) + ")";
			String cleaned = FileNames.clean(decodeCorpusLine(lines.get(i)), FALLBACK);

			softly.assertThat(cleaned).as(label).isNotBlank().isNotIn(".", "..");
			softly.assertThat(cleaned).as(label).doesNotContain("/").doesNotContain("\\");
			softly.assertThat(cleaned.codePoints().filter(FileNamesTest::isControlOrFormat).toArray())
				.as("control and format characters left by %s", label)
				.isEmpty();
			softly.assertThat(isWellFormed(cleaned)).as("well-formed UTF-16 after %s", label).isTrue();
			softly.assertThat(utf8Length(cleaned)).as("UTF-8 length after %s", label)
				.isLessThanOrEqualTo(FileNames.MAX_BYTES);
		}
		softly.assertAll();
	}

	/**
	 * Decodes one corpus line, which is written in ASCII with {@code \xNN} for one byte and
	 * {@code \\} for one backslash, to bytes and reads them as UTF-8.
	 */
	private static String decodeCorpusLine(String line) throws CharacterCodingException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		int i = 0;
		while (i < line.length()) {
			char c = line.charAt(i);
			if (c == '\\' && line.startsWith("\\\\", i)) {
				bytes.write('\\');
				i += 2;
			}
			else if (c == '\\' && line.startsWith("\\x", i) && i + 4 <= line.length()) {
				bytes.write(HexFormat.fromHexDigits(line, i + 2, i + 4));
				i += 4;
			}
			else {
				bytes.write(c);
				i++;
			}
		}
		return StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT)
			.decode(ByteBuffer.wrap(bytes.toByteArray()))
			.toString();
	}

	private static boolean isControlOrFormat(int codePoint) {
		int type = Character.getType(codePoint);
		return type == Character.CONTROL || type == Character.FORMAT;
	}

	private static boolean isWellFormed(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c)) {
				if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
					return false;
				}
				i++;
			}
			else if (Character.isLowSurrogate(c)) {
				return false;
			}
		}
		return true;
	}

	private static int utf8Length(String text) {
		return text.getBytes(StandardCharsets.UTF_8).length;
	}

	private static String abbreviate(String line) {
		return (line.length() <= 60) ? line : line.substring(0, 57) + "...";
	}

}
