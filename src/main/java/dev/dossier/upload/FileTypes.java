package dev.dossier.upload;

import java.util.Map;

/** Words a person understands for the media types that detection finds. */
public final class FileTypes {

	private static final Map<String, String> NAMES = Map.ofEntries(Map.entry("application/pdf", "a PDF document"),
			Map.entry("image/jpeg", "a JPEG image"), Map.entry("image/png", "a PNG image"),
			Map.entry("image/gif", "a GIF image"), Map.entry("image/webp", "a WebP image"),
			Map.entry("image/bmp", "a BMP image"), Map.entry("image/x-ms-bmp", "a BMP image"),
			Map.entry("image/vnd.microsoft.icon", "an ICO icon"), Map.entry("image/x-icon", "an ICO icon"),
			Map.entry("image/tiff", "a TIFF image"), Map.entry("image/svg+xml", "an SVG image"),
			Map.entry("image/heic", "a HEIC image (the iPhone photo format)"),
			Map.entry("image/heif", "a HEIF image (the iPhone photo format)"),
			Map.entry("image/avif", "an AVIF image"), Map.entry("text/html", "an HTML page"),
			Map.entry("application/xhtml+xml", "an HTML page"), Map.entry("text/plain", "plain text"),
			Map.entry("application/rtf", "an RTF document"), Map.entry("application/msword", "a Word 97-2003 document"),
			Map.entry("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "a Word document (DOCX)"),
			Map.entry("application/vnd.ms-word.document.macroenabled.12",
					"a macro-enabled Word document (DOCM)"),
			Map.entry("application/vnd.ms-word.template.macroenabled.12", "a macro-enabled Word template (DOTM)"),
			Map.entry("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "an Excel spreadsheet"),
			Map.entry("application/vnd.openxmlformats-officedocument.presentationml.presentation",
					"a PowerPoint presentation"),
			Map.entry("application/vnd.oasis.opendocument.text", "an OpenDocument text (ODT)"),
			Map.entry("application/vnd.ms-excel.sheet.macroenabled.12", "a macro-enabled Excel workbook (XLSM)"),
			Map.entry("application/vnd.ms-powerpoint.presentation.macroenabled.12",
					"a macro-enabled PowerPoint presentation (PPTM)"),
			Map.entry("application/vnd.ms-excel", "an Excel 97-2003 workbook"),
			Map.entry("application/vnd.ms-powerpoint", "a PowerPoint 97-2003 presentation"),
			Map.entry("application/vnd.oasis.opendocument.spreadsheet", "an OpenDocument spreadsheet (ODS)"),
			Map.entry("application/vnd.oasis.opendocument.presentation", "an OpenDocument presentation (ODP)"),
			Map.entry("application/x-tika-ooxml", "an Office Open XML package whose document type is unknown"),
			Map.entry("application/x-tika-msoffice", "an Office 97-2003 file whose document type is unknown"),
			Map.entry("application/vnd.wordperfect", "a WordPerfect document"),
			Map.entry("application/zip", "a ZIP archive"), Map.entry("application/x-executable", "a program"),
			Map.entry("application/x-elf", "a program"), Map.entry("application/x-sharedlib", "a program"),
			Map.entry("application/x-msdownload", "a Windows program"),
			Map.entry("application/x-dosexec", "a Windows program"),
			Map.entry("application/octet-stream", "not a recognized file type"));

	private FileTypes() {
	}

	/** Describes a detected type, such as "a PDF document" or "of type video/mp4". */
	public static String describe(String mediaType) {
		String name = NAMES.get(mediaType);
		return (name != null) ? name : "of type " + mediaType;
	}

}
