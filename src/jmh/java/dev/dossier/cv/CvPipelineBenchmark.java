package dev.dossier.cv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import ch.qos.logback.classic.Logger;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.LoggerFactory;

import dev.dossier.upload.ContentDetector;

/**
 * Times the CV pipeline on generated samples: type detection plus structure checks of a 10 MiB PDF
 * and a 1 MiB DOCX, and the text extraction of a 100-page PDF. Files are read from a temp folder,
 * as the service reads its spool files.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = { "-Xmx256m" })
public class CvPipelineBenchmark {

	private Path folder;

	private Path pdf10MiB;

	private Path docx1MiB;

	private Path pdf100Pages;

	private ContentDetector detector;

	private PdfInspector pdfInspector;

	private OfficeArchiveInspector docxInspector;

	@Setup(Level.Trial)
	public void writeSamples() throws IOException {
		quietLogging();
		this.folder = Files.createTempDirectory("cv-benchmark-");
		this.pdf10MiB = Files.write(this.folder.resolve("cv-10mib.pdf"), CvSamples.pdfWithPhotos(10 * 1024 * 1024));
		this.docx1MiB = Files.write(this.folder.resolve("cv-1mib.docx"), CvSamples.docx(1024 * 1024));
		this.pdf100Pages = Files.write(this.folder.resolve("cv-100-pages.pdf"), CvSamples.textPdf(100));
		this.detector = new ContentDetector();
		this.pdfInspector = new PdfInspector(MemoryUsageSetting.setupMixed(4 * 1024 * 1024)
			.setTempDir(this.folder.toFile()));
		this.docxInspector = new OfficeArchiveInspector(DocumentFormat.DOCX,
				new ArchiveLimits(1000, 100 * 1024 * 1024, 100));
	}

	@TearDown(Level.Trial)
	public void deleteSamples() throws IOException {
		try (Stream<Path> files = Files.list(this.folder)) {
			for (Path file : files.toList()) {
				Files.delete(file);
			}
		}
		Files.delete(this.folder);
	}

	@Benchmark
	public int detectAndCheckPdf10MiB() throws IOException {
		requireType(this.detector.detect(this.pdf10MiB), DocumentFormat.PDF);
		try (PDDocument pdf = this.pdfInspector.open(this.pdf10MiB)) {
			return this.pdfInspector.check(pdf);
		}
	}

	@Benchmark
	public Integer detectAndCheckDocx1MiB() throws IOException {
		requireType(this.detector.detect(this.docx1MiB), DocumentFormat.DOCX);
		return this.docxInspector.check(this.docx1MiB);
	}

	/** Runs longer than the checks, because one call takes about a second and the JIT needs many. */
	@Benchmark
	@Warmup(iterations = 5, time = 10)
	@Measurement(iterations = 5, time = 10)
	public CvText extractText100PagePdf() throws Exception {
		Extraction extraction = new Extraction(1024 * 1024, Duration.ofMinutes(1));
		this.pdfInspector.inspect(this.pdf100Pages, extraction);
		return extraction.result();
	}

	/**
	 * Sets the log levels that the service uses, because outside Spring Boot Logback logs everything
	 * at DEBUG, which made the PDF checks several times slower.
	 */
	private static void quietLogging() {
		Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		root.setLevel(ch.qos.logback.classic.Level.WARN);
		for (String library : new String[] { "org.apache.pdfbox", "org.apache.fontbox" }) {
			((Logger) LoggerFactory.getLogger(library)).setLevel(ch.qos.logback.classic.Level.ERROR);
		}
	}

	private static void requireType(String detected, DocumentFormat expected) {
		if (!detected.equals(expected.mediaType())) {
			throw new IllegalStateException("Sample detected as " + detected + ", expected " + expected.mediaType());
		}
	}

}
