package dev.dossier.cv;

import java.nio.file.Path;

/**
 * Checks one document format's structure and extracts its text. An inspector calls
 * {@link Extraction#passChecks} once the document is known to be usable, then writes the text; it
 * throws an {@link dev.dossier.web.ApiException} with {@code UNUSABLE_FILE} to reject the document.
 */
interface DocumentInspector {

	void inspect(Path file, Extraction extraction) throws Exception;

}
