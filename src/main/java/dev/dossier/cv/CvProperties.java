package dev.dossier.cv;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of the CV checks and text extraction.
 *
 * @param maxTextSize maximum size of the extracted text kept per CV, in UTF-8 bytes. Longer text is
 * cut and marked truncated, and the upload is still accepted
 * @param textTimeout time limit for extracting one CV's text. Past it, the upload is still accepted
 * with the text found so far, marked truncated
 * @param checkTimeout time limit for the structure checks of one CV, and for the wait for a free
 * inspection thread. A CV whose checks pass it is rejected as too complex (422), and a wait that
 * passes it is answered as busy (503)
 * @param concurrentInspections number of CVs checked and extracted at once. Further uploads wait for
 * a free thread, which bounds the memory that document parsing takes
 * @param pdfMainMemory memory PDFBox may use per PDF for decoded streams before it moves them to a
 * scratch file in the spool directory
 * @param maxArchiveEntries maximum number of entries in a DOCX or ODT, both ZIP archives
 * @param maxInflatedSize maximum total size of a DOCX's or ODT's entries once decompressed. It is
 * counted while decompressing, which stops as soon as the limit is passed
 * @param maxCompressionRatio maximum ratio of decompressed to compressed size of one entry. Entries
 * of at most 1 MiB once decompressed are exempt, because small XML parts compress very well
 */
@ConfigurationProperties("dossier.cv")
@Validated
public record CvProperties(@DefaultValue("1MB") DataSize maxTextSize, @DefaultValue("10s") Duration textTimeout,
		@DefaultValue("60s") Duration checkTimeout, @DefaultValue("4") @Min(1) int concurrentInspections,
		@DefaultValue("4MB") DataSize pdfMainMemory, @DefaultValue("1000") @Min(1) int maxArchiveEntries,
		@DefaultValue("100MB") DataSize maxInflatedSize, @DefaultValue("100") @Min(1) int maxCompressionRatio) {
}
