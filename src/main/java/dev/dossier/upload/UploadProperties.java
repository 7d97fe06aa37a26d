package dev.dossier.upload;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Size limits of uploads.
 *
 * @param avatarMaxSize largest decoded avatar accepted
 * @param cvMaxSize largest decoded CV accepted
 */
@ConfigurationProperties("dossier.upload")
public record UploadProperties(@DefaultValue("10MB") DataSize avatarMaxSize, @DefaultValue("10MB") DataSize cvMaxSize) {

	/**
	 * Largest request body for a file limit: base64 makes 4 characters of 3 bytes, line breaks and
	 * JSON escapes add some more, so twice the file limit plus 64 KiB for the name and other fields
	 * is ample for every honest body.
	 */
	public static long maxBodyBytes(long maxFileBytes) {
		return 2 * maxFileBytes + 64 * 1024;
	}

}
