package dev.dossier.cv;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import dev.dossier.web.ApiException;
import dev.dossier.web.Problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class InspectionsTest {

	private static final Path FILE = Path.of("cv.pdf");

	/** Time limit for the tests that run into it. */
	private static final Duration SHORT = Duration.ofMillis(300);

	/** Time limit for the tests that must finish before it, even on a busy machine. */
	private static final Duration GENEROUS = Duration.ofSeconds(30);

	private final CountDownLatch release = new CountDownLatch(1);

	private Inspections inspections;

	@AfterEach
	void stopPool() {
		this.release.countDown();
		this.inspections.destroy();
	}

	@Test
	void returnsPagesAndText() {
		this.inspections = inspections(GENEROUS, (file, extraction) -> {
			extraction.passChecks(2);
			extraction.write((writer) -> writer.write("Jane Example"));
		});

		CvText text = this.inspections.inspect(DocumentFormat.PDF, FILE);

		assertThat(text).isEqualTo(new CvText(2, "Jane Example", 12, false));
	}

	@Test
	void keepsTextFoundBeforeTimeLimit() {
		this.inspections = inspections(SHORT, (file, extraction) -> {
			extraction.passChecks(1);
			extraction.writer().write("Jane Example");
			// a parser that hangs without writing, past the text time limit
			this.release.await(10, TimeUnit.SECONDS);
		});

		CvText text = this.inspections.inspect(DocumentFormat.PDF, FILE);

		assertThat(text).isEqualTo(new CvText(1, "Jane Example", 12, true));
	}

	@Test
	void rejectsDocumentWhoseChecksTakeTooLong() {
		this.inspections = inspections(SHORT, (file, extraction) -> this.release.await(10, TimeUnit.SECONDS));

		ApiException rejection = catchThrowableOfType(ApiException.class,
				() -> this.inspections.inspect(DocumentFormat.DOCX, FILE));

		assertThat(rejection.problem()).isEqualTo(Problem.UNUSABLE_FILE);
		assertThat(rejection.detail()).contains("The DOCX could not be checked within 0.3 seconds");
	}

	@Test
	void reportsBusyWhileThreadIsStuck() {
		this.inspections = inspections(SHORT, (file, extraction) -> awaitIgnoringInterrupts(this.release));
		ApiException stuck = catchThrowableOfType(ApiException.class,
				() -> this.inspections.inspect(DocumentFormat.PDF, FILE));

		ApiException rejection = catchThrowableOfType(ApiException.class,
				() -> this.inspections.inspect(DocumentFormat.PDF, FILE));

		assertThat(stuck.problem()).isEqualTo(Problem.UNUSABLE_FILE);
		assertThat(rejection.problem()).isEqualTo(Problem.UNAVAILABLE);
		assertThat(rejection.detail()).contains("busy");
	}

	@Test
	void reportsParserFailureAsDamage() {
		this.inspections = inspections(GENEROUS, (file, extraction) -> {
			throw new IllegalArgumentException("bad xref");
		});

		ApiException rejection = catchThrowableOfType(ApiException.class,
				() -> this.inspections.inspect(DocumentFormat.PDF, FILE));

		assertThat(rejection.problem()).isEqualTo(Problem.UNUSABLE_FILE);
		assertThat(rejection.detail()).contains("The PDF is damaged or incomplete: it could not be read");
	}

	@Test
	void rejectsFailureDuringText() {
		this.inspections = inspections(GENEROUS, (file, extraction) -> {
			extraction.passChecks(1);
			extraction.write((writer) -> {
				throw new IOException("unexpected end of RTF group");
			});
		});

		ApiException rejection = catchThrowableOfType(ApiException.class,
				() -> this.inspections.inspect(DocumentFormat.RTF, FILE));

		assertThat(rejection.detail()).contains("The RTF is damaged or incomplete");
	}

	/** Waits like a parser stuck in a loop, which does not stop when its thread is interrupted. */
	private static void awaitIgnoringInterrupts(CountDownLatch latch) {
		boolean released = false;
		while (!released) {
			try {
				released = latch.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				// ignored on purpose
			}
		}
	}

	/**
	 * Inspections on one thread that run {@code inspector} for every format, with {@code timeLimit}
	 * for checks and text alike.
	 */
	private static Inspections inspections(Duration timeLimit, DocumentInspector inspector) {
		Map<DocumentFormat, DocumentInspector> all = new EnumMap<>(DocumentFormat.class);
		for (DocumentFormat format : DocumentFormat.values()) {
			all.put(format, inspector);
		}
		CvProperties properties = new CvProperties(DataSize.ofMegabytes(1), timeLimit, timeLimit, 1,
				DataSize.ofMegabytes(1), 100, DataSize.ofMegabytes(10), 100);
		return new Inspections(properties, all);
	}

}
