package dev.dossier.avatar;

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

/** Accepts a profile picture: receive, detect the type from the bytes, store. */
@Service
class AvatarService {

	/** Accepted image types, by the media type Tika detects, with their short names. */
	static final Map<String, String> ACCEPTED = Map.of("image/jpeg", "JPEG", "image/png", "PNG", "image/gif", "GIF",
			"image/webp", "WebP", "image/bmp", "BMP", "image/x-ms-bmp", "BMP", "image/vnd.microsoft.icon", "ICO",
			"image/x-icon", "ICO", "image/tiff", "TIFF");

	static final String ACCEPTED_NAMES = "JPEG, PNG, GIF, WebP, BMP, ICO or TIFF";

	private final UploadService uploads;

	private final ContentDetector detector;

	private final FileStore files;

	private final UploadProperties limits;

	AvatarService(UploadService uploads, ContentDetector detector, FileStore files, UploadProperties limits) {
		this.uploads = uploads;
		this.detector = detector;
		this.files = files;
		this.limits = limits;
	}

	// NOTE: the image is stored as sent once its type is accepted; it is not yet re-encoded, so
	// metadata such as EXIF and GPS tags stays in the stored file.
	StoredFile upload(long accountId, HttpServletRequest request) {
		try (ReceivedUpload upload = this.uploads.receive(request, this.limits.avatarMaxSize().toBytes(), "avatar",
				"avatar")) {
			String type = this.detector.detect(upload.path());
			if (!ACCEPTED.containsKey(type)) {
				throw Problem.UNSUPPORTED_TYPE.exception(rejection(type), "upload_content");
			}
			return this.files.store(accountId, FileKind.AVATAR, upload.path(), upload.size(), upload.sha256(), type,
					upload.filename());
		}
	}

	private static String rejection(String type) {
		String found = "The file is " + FileTypes.describe(type) + " (judged from its content, not its name). "
				+ "Avatars must be " + ACCEPTED_NAMES + ".";
		if (type.equals("image/heic") || type.equals("image/heif")) {
			return found + " Phones can save photos as JPEG instead: on an iPhone, set Settings > Camera > "
					+ "Formats to 'Most Compatible', or share the photo as JPEG.";
		}
		return found;
	}

}
