package dev.dossier.upload;

import java.io.IOException;
import java.io.UncheckedIOException;

import jakarta.servlet.http.HttpServletRequest;

import dev.dossier.storage.SpoolDirectory;
import dev.dossier.web.ApiException;
import dev.dossier.web.Problem;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Service;

/**
 * Receives an upload body into a spool file: cheap limits first (declared length, request type),
 * then the streaming reader, which stops as soon as a limit is passed.
 */
@Service
public class UploadService {

	private final SpoolDirectory spoolDirectory;

	public UploadService(SpoolDirectory spoolDirectory) {
		this.spoolDirectory = spoolDirectory;
	}

	/**
	 * Reads the request body into a spool file.
	 * @param maxFileBytes largest decoded file accepted
	 * @param label what the file is, for messages ("avatar", "CV")
	 * @param fallbackName display name used when the cleaned name is empty
	 */
	public ReceivedUpload receive(HttpServletRequest request, long maxFileBytes, String label, String fallbackName) {
		rejectFormBodies(request.getContentType());
		long maxBodyBytes = UploadProperties.maxBodyBytes(maxFileBytes);
		long declaredLength = request.getContentLengthLong();
		if (declaredLength > maxBodyBytes) {
			throw Problem.PAYLOAD_TOO_LARGE.exception(tooLarge(label, maxFileBytes));
		}

		Spool spool = null;
		try {
			spool = Spool.create(this.spoolDirectory.path());
			UploadBody body = new UploadBodyReader(request.getInputStream(), spool.outputStream(), maxBodyBytes,
					maxFileBytes)
				.read();
			spool.finish();
			String filename = FileNames.clean(body.filename(), fallbackName);
			ReceivedUpload upload = new ReceivedUpload(spool, filename, body.declaredType());
			spool = null;
			return upload;
		}
		catch (UploadBodyException ex) {
			throw toProblem(ex, label, maxFileBytes);
		}
		catch (IOException ex) {
			if (isClientAbort(ex)) {
				throw Problem.INVALID_REQUEST.exception("The request body could not be read to its end.").withCause(ex);
			}
			throw new UncheckedIOException("Could not spool the upload", ex);
		}
		finally {
			if (spool != null) {
				spool.close();
			}
		}
	}

	private static void rejectFormBodies(String contentType) {
		if (contentType == null) {
			return;
		}
		MediaType type;
		try {
			type = MediaType.parseMediaType(contentType);
		}
		catch (IllegalArgumentException ex) {
			return;
		}
		if (type.isCompatibleWith(MediaType.MULTIPART_FORM_DATA)
				|| type.isCompatibleWith(MediaType.APPLICATION_FORM_URLENCODED)) {
			throw Problem.UNSUPPORTED_REQUEST_TYPE.exception("Send the file as base64 inside a JSON body with "
					+ "Content-Type: application/json, not as a form upload.");
		}
	}

	private static ApiException toProblem(UploadBodyException ex, String label, long maxFileBytes) {
		return switch (ex.reason()) {
			case INVALID_JSON -> Problem.INVALID_JSON.exception(ex.getMessage());
			case MISSING_FIELD -> Problem.MISSING_FIELD.exception(ex.getMessage(), ex.field());
			case INVALID_FIELD -> Problem.INVALID_FIELD.exception(ex.getMessage(), ex.field());
			case INVALID_BASE64 -> Problem.INVALID_BASE64.exception(ex.getMessage()
					+ " (The content must be a file of an accepted type, encoded as base64.)", ex.field());
			case FILE_TOO_LARGE, BODY_TOO_LARGE -> Problem.PAYLOAD_TOO_LARGE.exception(tooLarge(label, maxFileBytes),
					ex.field());
		};
	}

	private static String tooLarge(String label, long maxFileBytes) {
		return "The " + label + " is larger than the limit of " + humanSize(maxFileBytes) + " (" + maxFileBytes
				+ " bytes). Send a smaller file.";
	}

	static String humanSize(long bytes) {
		if (bytes % (1024 * 1024) == 0) {
			return (bytes / (1024 * 1024)) + " MiB";
		}
		if (bytes % 1024 == 0) {
			return (bytes / 1024) + " KiB";
		}
		return bytes + " bytes";
	}

	private static boolean isClientAbort(IOException ex) {
		return ex.getClass().getSimpleName().equals("ClientAbortException")
				|| ex instanceof java.io.EOFException;
	}

}
