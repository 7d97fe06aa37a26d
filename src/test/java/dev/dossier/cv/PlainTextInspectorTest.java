package dev.dossier.cv;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dossier.web.ApiException;
import dev.dossier.web.Problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PlainTextInspectorTest {

	private static final String CV = "Zoë Example — développeuse, 日本語, księgowa 🙂\n";

	@TempDir
	Path dir;

	@Test
	void acceptsUtf8() throws Exception {
		CvText text = inspect(CV.getBytes(StandardCharsets.UTF_8));

		assertThat(text.text()).isEqualTo(CV);
		assertThat(text.length()).isEqualTo(CV.codePointCount(0, CV.length()));
		assertThat(text.pages()).isNull();
	}

	@Test
	void dropsUtf8ByteOrderMark() throws Exception {
		assertThat(inspect(concat(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF }, utf8(CV))).text())
			.isEqualTo(CV);
	}

	@Test
	void acceptsUtf16WithByteOrderMark() throws Exception {
		byte[] littleEndian = concat(new byte[] { (byte) 0xFF, (byte) 0xFE }, CV.getBytes(StandardCharsets.UTF_16LE));
		byte[] bigEndian = concat(new byte[] { (byte) 0xFE, (byte) 0xFF }, CV.getBytes(StandardCharsets.UTF_16BE));

		assertThat(inspect(littleEndian).text()).isEqualTo(CV);
		assertThat(inspect(bigEndian).text()).isEqualTo(CV);
	}

	@Test
	void rejectsLatin1WithPosition() throws Exception {
		ApiException rejection = reject("Développeuse".getBytes(StandardCharsets.ISO_8859_1));

		assertThat(rejection.detail()).contains("not valid UTF-8").contains("0xE9 at position 1");
	}

	@Test
	void rejectsInvalidByteAfterFirstBlock() throws Exception {
		byte[] text = utf8("a".repeat(200_000) + "é");
		text[text.length - 2] = (byte) 0xFF;

		assertThat(reject(text).detail()).contains("0xFF at position 200000");
	}

	@Test
	void rejectsUtf8CutInsideCharacter() throws Exception {
		byte[] text = utf8("Jane 日");

		assertThat(reject(Arrays.copyOf(text, text.length - 1)).detail()).contains("not valid UTF-8");
	}

	@Test
	void rejectsUtf16WithOddLength() throws Exception {
		byte[] text = concat(new byte[] { (byte) 0xFF, (byte) 0xFE }, "Jane".getBytes(StandardCharsets.UTF_16LE));

		ApiException rejection = reject(Arrays.copyOf(text, text.length - 1));

		assertThat(rejection.detail()).contains("not valid UTF-16");
	}

	@Test
	void rejectsUtf16WithLoneSurrogate() throws Exception {
		byte[] text = concat(new byte[] { (byte) 0xFE, (byte) 0xFF }, new byte[] { 0, 'J', (byte) 0xD8, 0, 0, 'a' });

		assertThat(reject(text).detail()).contains("not valid UTF-16");
	}

	private CvText inspect(byte[] text) throws Exception {
		Extraction extraction = new Extraction(1 << 20, Duration.ofSeconds(10));
		new PlainTextInspector().inspect(write(text), extraction);
		return extraction.result();
	}

	private ApiException reject(byte[] text) throws Exception {
		Path file = write(text);
		ApiException rejection = catchThrowableOfType(ApiException.class,
				() -> new PlainTextInspector().inspect(file, new Extraction(1 << 20, Duration.ofSeconds(10))));
		assertThat(rejection).as("rejection").isNotNull();
		assertThat(rejection.problem()).isEqualTo(Problem.UNUSABLE_FILE);
		return rejection;
	}

	private Path write(byte[] text) throws Exception {
		return Files.write(Files.createTempFile(this.dir, "cv-", ".txt"), text);
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] concat(byte[] first, byte[] second) {
		byte[] joined = Arrays.copyOf(first, first.length + second.length);
		System.arraycopy(second, 0, joined, first.length, second.length);
		return joined;
	}

}
