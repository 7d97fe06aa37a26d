package dev.dossier.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records files: bytes first, then one transaction with the row and the current pointer, so that a
 * crash at any point leaves no row without bytes. Bytes without a row (a crash between the two
 * steps) are harmless and left for a sweep.
 */
@Service
public class FileStore {

	private static final Logger log = LoggerFactory.getLogger(FileStore.class);

	private static final Consumer<StoredFile> NO_DETAILS = (stored) -> {
	};

	private final BlobStore blobs;

	private final StoredFileRepository files;

	private final VariantRepository variants;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private final long quotaBytes;

	FileStore(BlobStore blobs, StoredFileRepository files, VariantRepository variants, TransactionTemplate transaction,
			Clock clock, StorageProperties properties) {
		this.quotaBytes = properties.quotaPerAccount().toBytes();
		this.blobs = blobs;
		this.files = files;
		this.variants = variants;
		this.transaction = transaction;
		this.clock = clock;
	}

	/**
	 * Stores a finished, synced file and makes it the account's current file of its kind.
	 * @param source the file; moved into the blob store
	 * @param sha256 lower-case hex SHA-256 of the file, used as its content-addressed key
	 */
	public StoredFile store(long accountId, FileKind kind, Path source, long size, String sha256,
			String contentType, String filename) {
		return store(accountId, kind, source, size, sha256, contentType, filename, List.of(), NO_DETAILS);
	}

	/**
	 * Stores a file like {@link #store(long, FileKind, Path, long, String, String, String)} and runs
	 * {@code recordDetails} in the transaction that inserts the file row, so that a feature's own rows
	 * about the file (a CV's text) exist exactly when the file row does.
	 */
	public StoredFile store(long accountId, FileKind kind, Path source, long size, String sha256,
			String contentType, String filename, Consumer<StoredFile> recordDetails) {
		return store(accountId, kind, source, size, sha256, contentType, filename, List.of(), recordDetails);
	}

	/**
	 * Stores a file with its derived images: every blob is made durable first, then the file row,
	 * the variant rows and the current pointer are written in one transaction.
	 * @param source the file; moved into the blob store
	 * @param sha256 lower-case hex SHA-256 of the file, used as its content-addressed key
	 * @param variants derived images, each moved into the blob store under its own SHA-256
	 */
	public StoredFile store(long accountId, FileKind kind, Path source, long size, String sha256,
			String contentType, String filename, List<NewVariant> variants) {
		return store(accountId, kind, source, size, sha256, contentType, filename, variants, NO_DETAILS);
	}

	private StoredFile store(long accountId, FileKind kind, Path source, long size, String sha256,
			String contentType, String filename, List<NewVariant> variants, Consumer<StoredFile> recordDetails) {
		checkQuota(accountId, kind, size + variants.stream().mapToLong(NewVariant::size).sum());
		putBlob(sha256, source);
		for (NewVariant variant : variants) {
			putBlob(variant.sha256(), variant.source());
		}

		var now = this.clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
		StoredFile stored = this.transaction.execute((status) -> {
			long id = this.files.insert(accountId, kind, sha256, contentType, size, sha256, filename, now);
			for (NewVariant variant : variants) {
				this.variants.insert(new StoredVariant(id, variant.name(), variant.sha256(), variant.contentType(),
						variant.size(), variant.sha256(), variant.width(), variant.height()));
			}
			this.files.setCurrent(accountId, kind, id);
			StoredFile file = new StoredFile(id, accountId, kind, sha256, contentType, size, sha256, filename, now,
					null);
			recordDetails.accept(file);
			return file;
		});
		log.info("Stored {} {} for account {}: {} bytes, {}, {} variants", kind.id(), stored.id(), accountId, size,
				contentType, variants.size());
		return stored;
	}

	/**
	 * Rejects a file that would take the account past its quota. Two uploads of one account at the
	 * same moment both see the usage before either, so together they can pass the quota by one file.
	 */
	private void checkQuota(long accountId, FileKind kind, long bytes) {
		long used = this.files.usedBytes(accountId);
		if (used + bytes > this.quotaBytes) {
			throw new QuotaExceededException(kind, used, this.quotaBytes, bytes);
		}
	}

	private void putBlob(String key, Path source) {
		try {
			this.blobs.put(key, source);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not store blob " + key, ex);
		}
	}

	public Optional<StoredFile> current(long accountId, FileKind kind) {
		return this.files.findCurrent(accountId, kind);
	}

	/** Live files of one kind, newest first, the current one included. */
	public List<StoredFile> history(long accountId, FileKind kind) {
		return this.files.findLive(accountId, kind);
	}

	public Optional<StoredFile> find(long id) {
		return this.files.findById(id);
	}

	/** Derived images of a file, such as an avatar's squares; empty for files without any. */
	public List<StoredVariant> variants(long fileId) {
		return this.variants.findByFile(fileId);
	}

	public Optional<StoredVariant> variant(long fileId, String name) {
		return this.variants.find(fileId, name);
	}

	/**
	 * Deletes a file at once for every reader: the row is marked deleted and no URL serves it again.
	 * The bytes themselves stay until a sweep, because other rows may share the same content.
	 * @return false when the file was already deleted
	 */
	public boolean delete(StoredFile file) {
		Boolean deleted = this.transaction.execute((status) -> this.files.markDeleted(file.id(), this.clock.instant()));
		if (Boolean.TRUE.equals(deleted)) {
			log.info("Deleted {} {} of account {}", file.kind().id(), file.id(), file.accountId());
		}
		return Boolean.TRUE.equals(deleted);
	}

	/** Opens the bytes of a file for reading. */
	public BlobStore blobs() {
		return this.blobs;
	}

}
