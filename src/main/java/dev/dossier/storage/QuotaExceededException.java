package dev.dossier.storage;

/** A file would take its account past the storage quota; nothing was stored. */
public class QuotaExceededException extends RuntimeException {

	private final FileKind kind;

	private final long usedBytes;

	private final long quotaBytes;

	private final long neededBytes;

	QuotaExceededException(FileKind kind, long usedBytes, long quotaBytes, long neededBytes) {
		super("Account quota of " + quotaBytes + " bytes reached: " + usedBytes + " used, " + neededBytes + " more needed");
		this.kind = kind;
		this.usedBytes = usedBytes;
		this.quotaBytes = quotaBytes;
		this.neededBytes = neededBytes;
	}

	public FileKind kind() {
		return this.kind;
	}

	public long usedBytes() {
		return this.usedBytes;
	}

	public long quotaBytes() {
		return this.quotaBytes;
	}

	public long neededBytes() {
		return this.neededBytes;
	}

}
