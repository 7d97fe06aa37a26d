package dev.dossier.profile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

import dev.dossier.account.AuthenticatedAccount;
import dev.dossier.storage.BlobStore;
import dev.dossier.storage.FileKind;
import dev.dossier.storage.FileStore;
import dev.dossier.storage.SignedUrls;
import dev.dossier.storage.StoredFile;
import dev.dossier.storage.StoredVariant;
import dev.dossier.web.Problem;
import org.springframework.core.io.AbstractResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.ServletWebRequest;

/**
 * Serves file bytes to their owner (bearer token) or to anyone holding a valid signed URL. Spring MVC
 * serves {@code Range} requests for the returned resource; the ETag is the content's SHA-256.
 */
@RestController
class DownloadController {

	/**
	 * Nothing in a served file may run script, load resources or be framed, even if a browser
	 * renders it: the last line of defence against a file that slipped through as HTML or SVG.
	 */
	private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; sandbox; frame-ancestors 'none'";

	/** Presigned bucket URLs are followed at once, so they need to live only briefly. */
	private static final Duration REDIRECT_LIFETIME = Duration.ofMinutes(5);

	private final FileStore files;

	private final SignedUrls signedUrls;

	DownloadController(FileStore files, SignedUrls signedUrls) {
		this.files = files;
		this.signedUrls = signedUrls;
	}

	@GetMapping("/api/v1/files/{id}/content")
	ResponseEntity<Resource> content(@PathVariable long id, @RequestParam(required = false) String variant,
			@RequestParam(required = false) Long expires, @RequestParam(required = false) String signature,
			@AuthenticationPrincipal AuthenticatedAccount account, ServletWebRequest request) {
		boolean signed = signature != null || expires != null;
		if (signed && (expires == null || !this.signedUrls.verify(id, variant, expires, signature))) {
			throw Problem.FORBIDDEN.exception("This download link is invalid or has expired. Get a fresh link from "
					+ "GET /api/v1/profile.");
		}
		if (!signed && account == null) {
			throw Problem.UNAUTHORIZED.exception("Send 'Authorization: Bearer <access_token>' or use the signed URL "
					+ "from GET /api/v1/profile.");
		}
		StoredFile file = this.files.find(id)
			.filter((found) -> !found.isDeleted())
			.filter((found) -> signed || found.accountId() == account.id())
			.orElseThrow(() -> Problem.NOT_FOUND.exception("There is no file with id " + id + "."));
		Blob blob = (variant != null) ? variantBlob(file, variant)
				: new Blob(file.blobKey(), file.contentType(), file.sha256(), file.size());

		String etag = "\"" + blob.sha256() + "\"";
		if (request.checkNotModified(etag)) {
			return null;
		}
		String disposition = ContentDispositions.of((file.kind() == FileKind.CV) ? "attachment" : "inline",
				file.filename());
		URI redirect = this.files.blobs()
			.presignedDownload(blob.key(), mediaType(blob.contentType()).toString(), disposition,
					REDIRECT_LIFETIME);
		if (redirect != null) {
			return ResponseEntity.status(HttpStatus.FOUND)
				.location(redirect)
				.cacheControl(CacheControl.noStore())
				.build();
		}
		return ResponseEntity.ok()
			.contentType(mediaType(blob.contentType()))
			.eTag(etag)
			// Revalidated on every use, so that a deleted file disappears from caches too; the ETag
			// keeps that cheap.
			.cacheControl(CacheControl.noCache().cachePrivate())
			.header(HttpHeaders.CONTENT_DISPOSITION, disposition)
			.header("X-Content-Type-Options", "nosniff")
			.header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
			.header(HttpHeaders.ACCEPT_RANGES, "bytes")
			.body(resource(blob));
	}

	/**
	 * Returns the bytes as a resource that Spring MVC can serve whole or in ranges: the local file
	 * itself, or a stream from the blob store opened anew for each read.
	 */
	private Resource resource(Blob blob) {
		BlobStore blobs = this.files.blobs();
		Path path = blobs.localPath(blob.key());
		if (path != null) {
			return new FileSystemResource(path);
		}
		// Ask the store once before the response starts: once headers are sent, an outage can only
		// cut the body short, where it should be a 503.
		try {
			blobs.size(blob.key());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		// NOTE: a Range request on a remote blob streams the object from its start and skips to the
		// range. That is fine for files of a few MiB but wasteful for large ones.
		return new AbstractResource() {

			@Override
			public InputStream getInputStream() throws IOException {
				try {
					return blobs.open(blob.key());
				}
				catch (NoSuchFileException ex) {
					throw ex;
				}
				catch (IOException ex) {
					// Rendered as 503 like any storage outage, not as an unexpected failure.
					throw new UncheckedIOException(ex);
				}
			}

			@Override
			public long contentLength() {
				return blob.size();
			}

			@Override
			public String getDescription() {
				return "blob " + blob.key();
			}

		};
	}

	private Blob variantBlob(StoredFile file, String variant) {
		StoredVariant found = this.files.variant(file.id(), variant)
			.orElseThrow(() -> Problem.NOT_FOUND.exception("File " + file.id() + " has no variant '" + variant + "'. "
					+ "The file's JSON view lists its variants; avatars have 64, 128, 256 and 512."));
		return new Blob(found.blobKey(), found.contentType(), found.sha256(), found.size());
	}

	/** The bytes to send: the file itself or one of its variants. */
	private record Blob(String key, String contentType, String sha256, long size) {
	}

	/**
	 * Adds {@code charset=UTF-8} to plain text: text CVs are accepted only as UTF-8 or as UTF-16 with a
	 * byte order mark, and browsers let the byte order mark win over the header's charset.
	 */
	private static MediaType mediaType(String contentType) {
		MediaType type = MediaType.parseMediaType(contentType);
		if (type.isCompatibleWith(MediaType.TEXT_PLAIN) && type.getCharset() == null) {
			return new MediaType(type, StandardCharsets.UTF_8);
		}
		return type;
	}

}
