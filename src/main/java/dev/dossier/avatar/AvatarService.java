package dev.dossier.avatar;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import dev.dossier.storage.FileKind;
import dev.dossier.storage.FileStore;
import dev.dossier.storage.NewVariant;
import dev.dossier.storage.SpoolDirectory;
import dev.dossier.storage.StoredFile;
import dev.dossier.upload.ContentDetector;
import dev.dossier.upload.FileNames;
import dev.dossier.upload.FileTypes;
import dev.dossier.upload.ReceivedUpload;
import dev.dossier.upload.Spool;
import dev.dossier.upload.UploadProperties;
import dev.dossier.upload.UploadService;
import dev.dossier.web.Problem;
import org.springframework.stereotype.Service;

/**
 * Accepts a profile picture: receive, detect the format from the bytes, normalize, store the
 * normalized image with its square variants.
 */
@Service
class AvatarService {

	/** Extensions of the stored formats, for display names: an avatar is re-encoded, never kept as sent. */
	private static final List<String> PNG = List.of("png");

	private static final List<String> JPEG = List.of("jpg", "jpeg");

	private final UploadService uploads;

	private final ContentDetector detector;

	private final AvatarPipeline pipeline;

	private final FileStore files;

	private final SpoolDirectory spoolDirectory;

	private final UploadProperties limits;

	AvatarService(UploadService uploads, ContentDetector detector, AvatarPipeline pipeline, FileStore files,
			SpoolDirectory spoolDirectory, UploadProperties limits) {
		this.uploads = uploads;
		this.detector = detector;
		this.pipeline = pipeline;
		this.files = files;
		this.spoolDirectory = spoolDirectory;
		this.limits = limits;
	}

	StoredFile upload(long accountId, HttpServletRequest request) {
		try (ReceivedUpload upload = this.uploads.receive(request, this.limits.avatarMaxSize().toBytes(), "avatar",
				"avatar")) {
			ImageFormat format = detectFormat(upload.path());
			AvatarPipeline.Normalized normalized = this.pipeline.normalize(upload.path(), format);
			return store(accountId, normalized, upload.filename());
		}
	}

	private ImageFormat detectFormat(Path file) {
		String type = this.detector.detect(file);
		try {
			return ImageFormat.detect(type, file)
				.orElseThrow(() -> Problem.UNSUPPORTED_TYPE.exception(rejection(type), "upload_content"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read spool file " + file + " to detect its type", ex);
		}
	}

	/** Writes each image to a synced spool file, then hands them all to the file store at once. */
	private StoredFile store(long accountId, AvatarPipeline.Normalized normalized, String filename) {
		List<Spool> spools = new ArrayList<>();
		try {
			Spool main = write(normalized.image(), spools);
			List<NewVariant> variants = new ArrayList<>();
			for (AvatarPipeline.Square square : normalized.squares()) {
				Spool spool = write(square.image(), spools);
				variants.add(new NewVariant(square.name(), spool.path(), spool.size(), spool.sha256(),
						square.image().contentType(), square.image().width(), square.image().height()));
			}
			String contentType = normalized.image().contentType();
			return this.files.store(accountId, FileKind.AVATAR, main.path(), main.size(), main.sha256(), contentType,
					FileNames.withExtension(filename, contentType.equals("image/png") ? PNG : JPEG), variants);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write a normalized avatar to the spool folder", ex);
		}
		finally {
			spools.forEach(Spool::close);
		}
	}

	private Spool write(ImageEncoder.Encoded image, List<Spool> spools) throws IOException {
		Spool spool = Spool.create(this.spoolDirectory.path());
		spools.add(spool);
		spool.outputStream().write(image.bytes());
		spool.finish();
		return spool;
	}

	private static String rejection(String type) {
		String found = "The file is " + FileTypes.describe(type) + " (judged from its content, not its name). "
				+ "Avatars must be " + ImageFormat.NAMES + ".";
		if (type.equals("image/heic") || type.equals("image/heif")) {
			return found + " Phones can save photos as JPEG instead: on an iPhone, set Settings > Camera > "
					+ "Formats to 'Most Compatible', or share the photo as JPEG.";
		}
		if (type.equals("image/avif")) {
			return found + " Phones and browsers that save AVIF can mostly share or export a photo as JPEG instead.";
		}
		return found;
	}

}
