package dev.dossier.cv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import dev.dossier.storage.FileKind;
import dev.dossier.storage.FileStore;
import dev.dossier.storage.StoredFile;
import dev.dossier.upload.ContentDetector;
import dev.dossier.upload.FileNames;
import dev.dossier.upload.FileTypes;
import dev.dossier.upload.ReceivedUpload;
import dev.dossier.upload.UploadProperties;
import dev.dossier.upload.UploadService;
import dev.dossier.web.Problem;
import org.springframework.stereotype.Service;

/**
 * Accepts a CV: receive, detect the type from the bytes (containers included), check the
 * structure and extract the text, then store the bytes unchanged with the text beside them.
 */
@Service
class CvService {

	/** Media type Tika reports for an OOXML file encrypted with a password, an OLE2 container. */
	private static final String PROTECTED_OOXML = "application/x-tika-ooxml-protected";

	private final UploadService uploads;

	private final ContentDetector detector;

	private final Inspections inspections;

	private final FileStore files;

	private final CvDocumentRepository documents;

	private final UploadProperties limits;

	CvService(UploadService uploads, ContentDetector detector, Inspections inspections, FileStore files,
			CvDocumentRepository documents, UploadProperties limits) {
		this.uploads = uploads;
		this.detector = detector;
		this.inspections = inspections;
		this.files = files;
		this.documents = documents;
		this.limits = limits;
	}

	StoredFile upload(long accountId, HttpServletRequest request) {
		try (ReceivedUpload upload = this.uploads.receive(request, this.limits.cvMaxSize().toBytes(), "CV", "cv")) {
			DocumentFormat format = detect(upload);

			CvText text = this.inspections.inspect(format, upload.path());

			String filename = FileNames.withExtension(upload.filename(), format.extensions());
			return this.files.store(accountId, FileKind.CV, upload.path(), upload.size(), upload.sha256(),
					format.mediaType(), filename, (stored) -> this.documents.insert(stored.id(), text));
		}
	}

	/** Returns the extracted text of the account's current CV, if it has one with text. */
	Optional<String> currentText(long accountId) {
		return this.files.current(accountId, FileKind.CV).flatMap((file) -> this.documents.findText(file.id()));
	}

	private DocumentFormat detect(ReceivedUpload upload) {
		String type = this.detector.detect(upload.path());
		if (type.equals(PROTECTED_OOXML)) {
			throw Unusable.because("The Office document is encrypted with a password, so recruiters cannot open it. "
					+ "Save it again without a password to open and upload that copy.");
		}
		if (type.equals("application/octet-stream") && isEightBitText(upload)) {
			// The text inspection rejects it with the advice to save the file as UTF-8.
			return DocumentFormat.TEXT;
		}
		return DocumentFormat.of(type).orElseThrow(() -> Problem.UNSUPPORTED_TYPE.exception(rejection(type),
				"upload_content"));
	}

	private static boolean isEightBitText(ReceivedUpload upload) {
		try {
			return PlainTextInspector.looksLikeEightBitText(upload.path());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read spool file " + upload.path(), ex);
		}
	}

	private static String rejection(String type) {
		String found = "The file is " + FileTypes.describe(type) + " (judged from its content, not its name). CVs "
				+ "must be " + DocumentFormat.ACCEPTED_NAMES + ".";
		if (type.contains("macroenabled")) {
			return found + " Save it as a document without macros (.docx) or as PDF.";
		}
		if (type.equals("application/x-tika-ooxml") || type.equals("application/x-tika-msoffice")) {
			return found + " Open it in your word processor and save it again as DOCX or PDF.";
		}
		return found;
	}

}
