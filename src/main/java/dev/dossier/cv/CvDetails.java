package dev.dossier.cv;

import java.util.Map;

import dev.dossier.storage.FileKind;
import dev.dossier.storage.StoredFile;
import dev.dossier.web.FileDetails;
import org.springframework.stereotype.Component;

/**
 * Adds {@code pages}, {@code text_length} (Unicode code points) and {@code text_truncated} to the
 * view of a CV; all three are {@code null} for a CV stored before text was extracted, and
 * {@code pages} is {@code null} when the document records no page count.
 */
@Component
class CvDetails implements FileDetails {

	private final CvDocumentRepository documents;

	CvDetails(CvDocumentRepository documents) {
		this.documents = documents;
	}

	@Override
	public FileKind kind() {
		return FileKind.CV;
	}

	@Override
	public void addTo(StoredFile file, Map<String, Object> view) {
		CvDocumentRepository.Summary summary = this.documents.findSummary(file.id()).orElse(null);
		view.put("pages", (summary != null) ? summary.pages() : null);
		view.put("text_length", (summary != null) ? summary.textLength() : null);
		view.put("text_truncated", (summary != null) ? summary.textTruncated() : null);
	}

}
