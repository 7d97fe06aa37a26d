package dev.dossier.cv;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import dev.dossier.storage.FileKind;
import dev.dossier.storage.FileStore;
import dev.dossier.storage.StoredFile;
import dev.dossier.upload.ContentDetector;
import dev.dossier.upload.FileTypes;
import dev.dossier.upload.ReceivedUpload;
import dev.dossier.upload.UploadProperties;
import dev.dossier.upload.UploadService;
import dev.dossier.web.Problem;
import org.springframework.stereotype.Service;

/** Accepts a CV: receive, detect the type from the bytes (containers included), store byte-exact. */
@Service
class CvService {

	/** Accepted document types, by the media type Tika detects, with their short names. */
	static final Map<String, String> ACCEPTED = Map.of("application/pdf", "PDF",
			"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX", "application/msword",
			"DOC", "application/vnd.oasis.opendocument.text", "ODT", "application/rtf", "RTF", "text/plain", "text");

	static final String ACCEPTED_NAMES = "PDF, DOCX, DOC, ODT, RTF or plain text (UTF-8)";

	private final UploadService uploads;

	private final ContentDetector detector;

	private final FileStore files;

	private final UploadProperties limits;

	CvService(UploadService uploads, ContentDetector detector, FileStore files, UploadProperties limits) {
		this.uploads = uploads;
		this.detector = detector;
		this.files = files;
		this.limits = limits;
	}

	// NOTE: only the type is checked so far; encrypted documents, PDF scripts, archive bombs and text
	// encodings are not inspected yet.
	StoredFile upload(long accountId, HttpServletRequest request) {
		try (ReceivedUpload upload = this.uploads.receive(request, this.limits.cvMaxSize().toBytes(), "CV", "cv")) {
			String type = this.detector.detect(upload.path());
			if (!ACCEPTED.containsKey(type)) {
				throw Problem.UNSUPPORTED_TYPE.exception("The file is " + FileTypes.describe(type)
						+ " (judged from its content, not its name). CVs must be " + ACCEPTED_NAMES + ".",
						"upload_content");
			}
			return this.files.store(accountId, FileKind.CV, upload.path(), upload.size(), upload.sha256(), type,
					upload.filename());
		}
	}

}
