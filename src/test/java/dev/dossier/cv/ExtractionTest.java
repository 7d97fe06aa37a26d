package dev.dossier.cv;

import java.io.Writer;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ExtractionTest {

	@Test
	void cutsAtUtf8ByteLimit() throws Exception {
		Extraction extraction = new Extraction(10, Duration.ofSeconds(10));
		extraction.passChecks(1);

		extraction.write((writer) -> writer.write("ééééé€€"));

		CvText text = extraction.result();
		assertThat(text.text()).isEqualTo("ééééé");
		assertThat(text.length()).isEqualTo(5);
		assertThat(text.truncated()).isTrue();
	}

	@Test
	void neverSplitsSurrogatePair() throws Exception {
		Extraction extraction = new Extraction(6, Duration.ofSeconds(10));
		extraction.passChecks(null);

		extraction.write((writer) -> writer.write("ab🙂🙂"));

		CvText text = extraction.result();
		assertThat(text.text()).isEqualTo("ab🙂");
		assertThat(text.length()).isEqualTo(3);
	}

	@Test
	void dropsControlCharactersButKeepsLineBreaks() throws Exception {
		Extraction extraction = new Extraction(100, Duration.ofSeconds(10));
		extraction.passChecks(null);

		extraction.write((writer) -> writer.write("Jane\u0000 Example\u0007\r\n\tSkills\u007F"));

		assertThat(extraction.result().text()).isEqualTo("Jane Example\r\n\tSkills");
		assertThat(extraction.result().truncated()).isFalse();
	}

	@Test
	void failsWritesAfterTimeLimit() throws Exception {
		Extraction extraction = new Extraction(100, Duration.ZERO);
		extraction.passChecks(null);
		Writer writer = extraction.writer();

		assertThatExceptionOfType(Extraction.TextLimitException.class).isThrownBy(() -> writer.write("late"));
		assertThat(extraction.result().truncated()).isTrue();
		assertThat(extraction.result().text()).isEmpty();
	}

	@Test
	void passesOnFailuresThatAreNotLimits() {
		Extraction extraction = new Extraction(100, Duration.ofSeconds(10));
		extraction.passChecks(null);

		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> extraction.write((writer) -> {
			writer.write("Jane");
			throw new IllegalStateException("parser failed");
		}));
		assertThat(extraction.result().truncated()).isFalse();
	}

}
