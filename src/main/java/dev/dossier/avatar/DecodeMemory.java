package dev.dossier.avatar;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import dev.dossier.web.Problem;

/**
 * Bounds the heap that image decodes in flight use together. Each upload reserves an estimate made
 * from the image header before it decodes, and waits while others hold the budget, so that many
 * large uploads at once queue up instead of running out of memory. An image whose estimate exceeds
 * the whole budget waits until it can hold all of it, and then runs alone.
 */
final class DecodeMemory {

	private static final long KIB = 1024;

	private final Semaphore permits;

	private final int totalKib;

	private final long waitMillis;

	DecodeMemory(long budgetBytes, long waitMillis) {
		this.totalKib = (int) Math.min(Integer.MAX_VALUE, Math.max(1, budgetBytes / KIB));
		this.permits = new Semaphore(this.totalKib, true);
		this.waitMillis = waitMillis;
	}

	/**
	 * Reserves {@code bytes} of the budget, waiting up to the configured time.
	 * @throws dev.dossier.web.ApiException 503 when the budget stays taken for that long
	 */
	Reservation reserve(long bytes) {
		int kib = (int) Math.min(this.totalKib, Math.max(1, (bytes + KIB - 1) / KIB));
		boolean acquired;
		try {
			acquired = this.permits.tryAcquire(kib, this.waitMillis, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			acquired = false;
		}
		if (!acquired) {
			throw Problem.UNAVAILABLE.exception("The service is busy processing other images. Nothing was stored; "
					+ "try again in a minute.");
		}
		return new Reservation(kib);
	}

	/** Budget not reserved at the moment, in KiB. */
	int availableKib() {
		return this.permits.availablePermits();
	}

	/** A part of the budget, given back on {@link #close()}. */
	final class Reservation implements AutoCloseable {

		private final int kib;

		private Reservation(int kib) {
			this.kib = kib;
		}

		@Override
		public void close() {
			DecodeMemory.this.permits.release(this.kib);
		}

	}

}
