package dev.dossier.upload;

/**
 * What {@link UploadBodyReader} found besides the file bytes it streamed out.
 *
 * @param filename the {@code upload_filename} as sent, JSON escapes resolved, not yet cleaned; of a
 * longer name only the last {@value UploadBodyReader#MAX_FILENAME_CHARS} UTF-16 characters
 * @param declaredType the media type of a data-URL prefix ({@code data:image/png;base64,}), or
 * {@code null}; a hint only, never trusted
 * @param decodedSize number of file bytes written to the sink
 * @param bodySize number of body bytes read
 */
public record UploadBody(String filename, String declaredType, long decodedSize, long bodySize) {
}
