package dev.dossier.storage;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Frees storage in two steps. First, rows of files deleted longer ago than the grace period are
 * removed with their variant rows and their blobs, unless another row shares the content. Then
 * blobs older than the grace period that no file or variant row names are removed. The second step catches bytes left by a crash
 * between writing a blob and writing its row. A lease row in the database lets only one node sweep
 * at a time.
 */
@Component
public class BlobSweeper {

	private static final Logger log = LoggerFactory.getLogger(BlobSweeper.class);

	private static final String JOB = "blob-sweeper";

	private static final int BATCH = 500;

	private final JdbcClient jdbc;

	private final BlobStore blobs;

	private final TransactionTemplate transaction;

	private final SweeperProperties properties;

	private final Clock clock;

	private final String holder = UUID.randomUUID().toString();

	BlobSweeper(JdbcClient jdbc, BlobStore blobs, TransactionTemplate transaction, SweeperProperties properties,
			Clock clock) {
		this.jdbc = jdbc;
		this.blobs = blobs;
		this.transaction = transaction;
		this.properties = properties;
		this.clock = clock;
	}

	/** Outcome of one sweep: whether it ran, and how many rows and blobs it removed. */
	public record Result(boolean ran, int rows, int blobs) {
	}

	@Scheduled(initialDelayString = "${dossier.sweeper.initial-delay:5m}",
			fixedDelayString = "${dossier.sweeper.interval:1h}")
	void sweepOnSchedule() {
		if (!this.properties.enabled()) {
			return;
		}
		try {
			Result result = sweep();
			if (result.ran() && (result.rows() > 0 || result.blobs() > 0)) {
				log.info("Sweep removed {} deleted file rows and {} blobs", result.rows(), result.blobs());
			}
		}
		catch (RuntimeException | IOException ex) {
			log.error("Sweep failed; it runs again in {}", this.properties.interval(), ex);
		}
	}

	/** Runs one sweep now, unless another node holds the lease. */
	public Result sweep() throws IOException {
		return sweep(this.clock.instant());
	}

	/** Runs one sweep as if the time were {@code now}; tests use it to let the grace period pass. */
	Result sweep(Instant now) throws IOException {
		if (!acquireLease(now)) {
			return new Result(false, 0, 0);
		}
		try {
			Instant cutoff = now.minus(this.properties.gracePeriod());
			int rows = purgeDeletedRows(cutoff);
			int blobs = removeUnreferencedBlobs(cutoff);
			return new Result(true, rows, blobs);
		}
		finally {
			releaseLease();
		}
	}

	private boolean acquireLease(Instant now) {
		// The lease outlives any sane sweep, so a node that dies while sweeping blocks others only
		// until it runs out.
		long until = now.plus(this.properties.interval()).plusSeconds(600).toEpochMilli();
		int updated = this.jdbc.sql("UPDATE job_leases SET holder = ?, leased_until = ? WHERE name = ? AND "
				+ "(leased_until < ? OR holder = ?)")
			.params(this.holder, until, JOB, now.toEpochMilli(), this.holder)
			.update();
		return updated == 1;
	}

	private void releaseLease() {
		this.jdbc.sql("UPDATE job_leases SET holder = NULL, leased_until = 0 WHERE name = ? AND holder = ?")
			.params(JOB, this.holder)
			.update();
	}

	private int purgeDeletedRows(Instant cutoff) throws IOException {
		List<StoredFileKey> expired = this.jdbc
			.sql("SELECT id, blob_key FROM stored_files WHERE deleted_at IS NOT NULL AND deleted_at < ?")
			.param(cutoff.toEpochMilli())
			.query((rs, row) -> new StoredFileKey(rs.getLong("id"), rs.getString("blob_key")))
			.list();
		for (StoredFileKey file : expired) {
			this.transaction.executeWithoutResult(
					(status) -> this.jdbc.sql("DELETE FROM stored_files WHERE id = ?").param(file.id()).update());
			removeIfUnreferenced(file.blobKey(), cutoff);
		}
		return expired.size();
	}

	private int removeUnreferencedBlobs(Instant cutoff) throws IOException {
		List<String> candidates = new ArrayList<>();
		this.blobs.forEachOlderThan(cutoff, candidates::add);
		int removed = 0;
		for (int start = 0; start < candidates.size(); start += BATCH) {
			List<String> batch = candidates.subList(start, Math.min(candidates.size(), start + BATCH));
			Set<String> referenced = referenced(batch);
			for (String key : batch) {
				if (!referenced.contains(key) && removeIfUnreferenced(key, cutoff)) {
					removed++;
				}
			}
		}
		return removed;
	}

	/**
	 * Removes a blob when no row names it and it was not rewritten within the grace period. The age
	 * check matters because an upload of the same content rewrites the blob before it writes its row.
	 */
	// NOTE: an upload of identical content that rewrites the blob between the age check and the
	// delete below would lose its bytes. The window is milliseconds wide, and the same content must
	// arrive exactly then.
	private boolean removeIfUnreferenced(String key, Instant cutoff) throws IOException {
		if (!referenced(List.of(key)).isEmpty() || !this.blobs.exists(key)
				|| !this.blobs.lastModified(key).isBefore(cutoff)) {
			return false;
		}
		this.blobs.delete(key);
		return true;
	}

	private Set<String> referenced(List<String> keys) {
		String placeholders = String.join(", ", keys.stream().map((key) -> "?").toList());
		List<Object> parameters = new ArrayList<>(keys);
		parameters.addAll(keys);
		return new HashSet<>(this.jdbc
			.sql("SELECT blob_key FROM stored_files WHERE blob_key IN (" + placeholders + ") "
					+ "UNION SELECT blob_key FROM avatar_variants WHERE blob_key IN (" + placeholders + ")")
			.params(parameters)
			.query(String.class)
			.list());
	}

	private record StoredFileKey(long id, String blobKey) {
	}

}
