package dev.dossier.avatar;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Image formats accepted as avatars, with the media types Tika detects for them. */
enum ImageFormat {

	JPEG("JPEG", List.of("jpeg"), "image/jpeg"), PNG("PNG", List.of("png"), "image/png"),
	GIF("GIF", List.of("gif"), "image/gif"), WEBP("WebP", List.of("webp"), "image/webp"),
	BMP("BMP", List.of("bmp"), "image/bmp", "image/x-ms-bmp"),
	ICO("ICO", List.of(), "image/vnd.microsoft.icon", "image/x-icon"),
	// TwelveMonkeys registers BigTIFF under a name of its own; its TIFF reader reads both.
	TIFF("TIFF", List.of("tiff", "bigtiff"), "image/tiff");

	/** Names of the accepted formats for messages. */
	static final String NAMES = "JPEG, PNG, GIF, WebP, BMP, ICO or TIFF";

	private final String displayName;

	private final List<String> imageIoNames;

	private final List<String> mediaTypes;

	ImageFormat(String displayName, List<String> imageIoNames, String... mediaTypes) {
		this.displayName = displayName;
		this.imageIoNames = imageIoNames;
		this.mediaTypes = List.of(mediaTypes);
	}

	/** Name for messages, such as "WebP". */
	String displayName() {
		return this.displayName;
	}

	/**
	 * Format name of the ImageIO readers for this format, or {@code null} for ICO, which has no
	 * reader of its own here: {@link IcoEntries} hands its largest entry to the PNG or BMP reader.
	 */
	String imageIoName() {
		return this.imageIoNames.isEmpty() ? null : this.imageIoNames.get(0);
	}

	/**
	 * Chooses the format from the type Tika detected; for bytes Tika does not recognize at all,
	 * queries the ImageIO readers, which know variants such as OS/2 bitmaps and BigTIFF.
	 */
	static Optional<ImageFormat> detect(String detectedType, Path file) throws IOException {
		Optional<ImageFormat> format = fromMediaType(detectedType);
		if (format.isEmpty() && detectedType.equals("application/octet-stream")) {
			return ImageSource.sniff(file);
		}
		return format;
	}

	static Optional<ImageFormat> fromMediaType(String mediaType) {
		return Arrays.stream(values()).filter((format) -> format.mediaTypes.contains(mediaType)).findFirst();
	}

	static Optional<ImageFormat> fromImageIoName(String name) {
		String lowerCase = name.toLowerCase(Locale.ROOT);
		return Arrays.stream(values()).filter((format) -> format.imageIoNames.contains(lowerCase)).findFirst();
	}

}
