package dev.dossier.cv;

import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The outcome of inspecting one CV as it is built: the page count once the structure checks have
 * passed, then the text, cut at a size limit and a time limit. The inspecting thread writes to it and
 * the waiting request thread may stop it, so every method that touches the text is synchronized.
 */
final class Extraction {

	private final long maxTextBytes;

	private final long timeLimitNanos;

	private final StringBuilder text = new StringBuilder();

	private final CountDownLatch started = new CountDownLatch(1);

	private final CountDownLatch checked = new CountDownLatch(1);

	private long textBytes;

	private int codePoints;

	private boolean afterHighSurrogate;

	private long deadline;

	private boolean passedChecks;

	private Integer pages;

	private boolean truncated;

	Extraction(long maxTextBytes, Duration timeLimit) {
		this.maxTextBytes = maxTextBytes;
		this.timeLimitNanos = timeLimit.toNanos();
	}

	/** Marks that an inspection thread has picked this CV up. */
	void start() {
		this.started.countDown();
	}

	/**
	 * Records that the structure checks have passed and starts the clock of the text time limit.
	 * @param pages the page count, or {@code null} when the format does not record one
	 */
	synchronized void passChecks(Integer pages) {
		this.pages = pages;
		this.passedChecks = true;
		this.deadline = System.nanoTime() + this.timeLimitNanos;
		this.checked.countDown();
	}

	/** Releases a thread waiting in {@link #awaitChecks}; called when the inspection ends, however it ends. */
	void finish() {
		this.checked.countDown();
	}

	boolean awaitStart(Duration timeout) throws InterruptedException {
		return this.started.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
	}

	/** Waits until the checks have passed or the inspection has ended; false when the timeout came first. */
	boolean awaitChecks(Duration timeout) throws InterruptedException {
		return this.checked.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
	}

	/** Nanoseconds left of the text time limit; only meaningful once the checks have passed. */
	synchronized long remainingNanos() {
		return this.deadline - System.nanoTime();
	}

	/**
	 * Runs a step that writes text, and treats its failure as the end of the text when the failure
	 * comes from a limit of this extraction, because parsers wrap the writer's exception in their own.
	 */
	void write(TextStep step) throws Exception {
		try {
			step.writeTo(writer());
		}
		catch (Exception ex) {
			if (!isTruncated()) {
				throw ex;
			}
		}
	}

	/** Writer that appends to the text; it throws {@link TextLimitException} once a limit is reached. */
	Writer writer() {
		return new Writer() {

			@Override
			public void write(char[] chars, int offset, int length) throws IOException {
				Extraction.this.append(chars, offset, length);
			}

			@Override
			public void flush() {
			}

			@Override
			public void close() {
			}

		};
	}

	/**
	 * Appends text, leaving out control characters other than tab and line breaks (PostgreSQL text
	 * cannot hold NUL, and the others carry no meaning in a CV).
	 */
	synchronized void append(char[] chars, int offset, int length) throws TextLimitException {
		checkTime();
		for (int i = offset; i < offset + length; i++) {
			char c = chars[i];
			if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
				continue;
			}
			boolean secondHalfOfPair = this.afterHighSurrogate && Character.isLowSurrogate(c);
			int bytes = secondHalfOfPair ? 0 : utf8Length(c);
			if (this.textBytes + bytes > this.maxTextBytes) {
				stop();
				throw new TextLimitException("text reached the limit of " + this.maxTextBytes + " bytes");
			}
			this.text.append(c);
			this.textBytes += bytes;
			this.codePoints += secondHalfOfPair ? 0 : 1;
			this.afterHighSurrogate = Character.isHighSurrogate(c);
		}
	}

	/** Throws {@link TextLimitException} once the text time limit has passed or the text was stopped. */
	synchronized void checkTime() throws TextLimitException {
		if (this.truncated) {
			throw new TextLimitException("text extraction was stopped");
		}
		if (this.passedChecks && System.nanoTime() - this.deadline > 0) {
			stop();
			throw new TextLimitException("text extraction reached its time limit");
		}
	}

	/** Ends the text where it is and marks it truncated; later writes fail. */
	synchronized void stop() {
		this.truncated = true;
	}

	synchronized boolean isTruncated() {
		return this.truncated;
	}

	synchronized boolean hasPassedChecks() {
		return this.passedChecks;
	}

	/**
	 * Returns the result so far, which stays unchanged even if the inspection goes on writing. A
	 * first half of a surrogate pair left at the end by a stop is dropped.
	 */
	synchronized CvText result() {
		String value = this.text.toString();
		int length = this.codePoints;
		if (this.afterHighSurrogate) {
			value = value.substring(0, value.length() - 1);
			length--;
		}
		return new CvText(this.pages, value, length, this.truncated);
	}

	/**
	 * UTF-8 length of one UTF-16 unit outside a surrogate pair, or of a whole pair (4 bytes) when
	 * {@code c} is its first half, so that the size limit never splits a pair.
	 */
	private static int utf8Length(char c) {
		if (c < 0x80) {
			return 1;
		}
		if (c < 0x800) {
			return 2;
		}
		return Character.isHighSurrogate(c) ? 4 : 3;
	}

	/** A step that writes a document's text. */
	@FunctionalInterface
	interface TextStep {

		void writeTo(Writer writer) throws Exception;

	}

	/** Thrown by the writer when the text reaches a limit; the text so far is kept. */
	static final class TextLimitException extends IOException {

		TextLimitException(String message) {
			super(message);
		}

	}

}
