package dev.dossier.cv;

/**
 * Limits that tell a DOCX or ODT from an archive bomb.
 *
 * @param maxEntries most entries the archive may hold
 * @param maxInflatedBytes largest total size of all entries once decompressed
 * @param maxCompressionRatio largest ratio of decompressed to compressed size of one entry larger
 * than {@link #RATIO_EXEMPT_BYTES} once decompressed
 */
record ArchiveLimits(int maxEntries, long maxInflatedBytes, int maxCompressionRatio) {

	/** Entries up to this size once decompressed may have any ratio: small XML parts compress very well. */
	static final long RATIO_EXEMPT_BYTES = 1024 * 1024;

}
