package dev.dossier.cv;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.pdfbox.io.MemoryUsageSetting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import dev.dossier.storage.SpoolDirectory;
import dev.dossier.web.ApiException;
import dev.dossier.web.Problem;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Runs the inspector of a CV's format on a fixed pool of threads, so that only a configured number
 * of documents is parsed at once. It also applies the time limits. Structure checks that take too
 * long reject the CV, while text extraction that takes too long keeps the text found so far.
 */
@Component
class Inspections implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(Inspections.class);

	private final Map<DocumentFormat, DocumentInspector> inspectors = new EnumMap<>(DocumentFormat.class);

	private final CvProperties properties;

	private final ThreadPoolExecutor pool;

	@Autowired
	Inspections(CvProperties properties, SpoolDirectory spoolDirectory) {
		this(properties, standardInspectors(properties, spoolDirectory));
	}

	Inspections(CvProperties properties, Map<DocumentFormat, DocumentInspector> inspectors) {
		this.properties = properties;
		this.inspectors.putAll(inspectors);
		int threads = properties.concurrentInspections();
		this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
				daemonThreads());
	}

	/** The inspector of each accepted format; PDFBox's scratch files go to the spool directory. */
	static Map<DocumentFormat, DocumentInspector> standardInspectors(CvProperties properties,
			SpoolDirectory spoolDirectory) {
		MemoryUsageSetting pdfMemory = MemoryUsageSetting.setupMixed(properties.pdfMainMemory().toBytes())
			.setTempDir(spoolDirectory.path().toFile());
		ArchiveLimits archiveLimits = new ArchiveLimits(properties.maxArchiveEntries(),
				properties.maxInflatedSize().toBytes(), properties.maxCompressionRatio());
		Map<DocumentFormat, DocumentInspector> inspectors = new EnumMap<>(DocumentFormat.class);
		inspectors.put(DocumentFormat.PDF, new PdfInspector(pdfMemory));
		inspectors.put(DocumentFormat.DOCX, new OfficeArchiveInspector(DocumentFormat.DOCX, archiveLimits));
		inspectors.put(DocumentFormat.ODT, new OfficeArchiveInspector(DocumentFormat.ODT, archiveLimits));
		inspectors.put(DocumentFormat.DOC, new WordBinaryInspector());
		inspectors.put(DocumentFormat.RTF, new RtfInspector());
		inspectors.put(DocumentFormat.TEXT, new PlainTextInspector());
		return inspectors;
	}

	/**
	 * Checks a CV and extracts its text.
	 * @throws ApiException 422 when the CV is unusable or too complex to check in time, 503 when no
	 * inspection thread became free in time
	 */
	CvText inspect(DocumentFormat format, Path file) {
		DocumentInspector inspector = this.inspectors.get(format);
		Extraction extraction = new Extraction(this.properties.maxTextSize().toBytes(), this.properties.textTimeout());
		Map<String, String> logContext = MDC.getCopyOfContextMap();
		Future<?> task = this.pool.submit(() -> {
			extraction.start();
			MDC.setContextMap((logContext != null) ? logContext : Map.of());
			try {
				inspector.inspect(file, extraction);
				return null;
			}
			finally {
				MDC.clear();
				extraction.finish();
			}
		});
		try {
			awaitChecks(format, task, extraction);
			awaitText(format, task, extraction);
			return extraction.result();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			task.cancel(true);
			throw new IllegalStateException("Interrupted while inspecting a CV", ex);
		}
	}

	private void awaitChecks(DocumentFormat format, Future<?> task, Extraction extraction)
			throws InterruptedException {
		Duration timeout = this.properties.checkTimeout();
		if (!extraction.awaitStart(timeout)) {
			task.cancel(false);
			throw Problem.UNAVAILABLE.exception("The service is busy checking other CVs. Nothing was stored; try "
					+ "again in a minute.");
		}
		if (!extraction.awaitChecks(timeout)) {
			extraction.stop();
			task.cancel(true);
			throw Unusable.because("The " + format.label() + " could not be checked within " + seconds(timeout)
					+ ", so it was not accepted. Save it again as a simpler file, for example by exporting "
					+ "it to PDF, and upload that copy.");
		}
		if (!extraction.hasPassedChecks()) {
			rethrowFailure(format, task);
		}
	}

	private void awaitText(DocumentFormat format, Future<?> task, Extraction extraction) throws InterruptedException {
		try {
			task.get(Math.max(0, extraction.remainingNanos()), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			// NOTE: cancelling only interrupts the thread, so a parser stuck in a loop that writes no text
			// and never checks for interrupts keeps its pool thread until it ends by itself. Enough such
			// CVs fill the pool, and later uploads then get 503 once the check timeout has passed.
			extraction.stop();
			task.cancel(true);
			log.info("Text extraction of a {} stopped at the time limit of {}", format.label(),
					this.properties.textTimeout());
		}
		catch (ExecutionException ex) {
			throw failure(format, ex.getCause());
		}
	}

	private static void rethrowFailure(DocumentFormat format, Future<?> task) throws InterruptedException {
		try {
			task.get();
		}
		catch (ExecutionException ex) {
			throw failure(format, ex.getCause());
		}
		throw new IllegalStateException("A " + format.label() + " inspection ended without passing or failing");
	}

	/**
	 * Turns what an inspector threw into the exception for the caller. Parsers of damaged files
	 * throw all kinds of exceptions, so anything but a rejection or an {@link Error} reads as damage.
	 */
	private static RuntimeException failure(DocumentFormat format, Throwable cause) {
		if (cause instanceof ApiException rejection) {
			return rejection;
		}
		if (cause instanceof Error error) {
			return new IllegalStateException("Inspecting a " + format.label() + " failed", error);
		}
		log.info("A {} could not be read: {}", format.label(), cause.toString());
		return Unusable.damaged(format, "it could not be read").withCause(cause);
	}

	private static String seconds(Duration duration) {
		return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString() + " seconds";
	}

	@Override
	public void destroy() {
		this.pool.shutdownNow();
	}

	private static ThreadFactory daemonThreads() {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, "cv-inspection-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
