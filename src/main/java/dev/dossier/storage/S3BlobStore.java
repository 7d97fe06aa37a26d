package dev.dossier.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Keeps blobs in an S3-compatible bucket with the AWS SDK for Java v2. Uploads stream from the
 * spool file, in parts above the multipart threshold, so no file is ever held in memory. S3 makes
 * an object visible only once its upload is complete, which gives the same all-or-nothing
 * publication as the local store's rename. SDK failures surface as {@link IOException}s.
 */
class S3BlobStore implements BlobStore {

	private static final Logger log = LoggerFactory.getLogger(S3BlobStore.class);

	private final S3Client client;

	private final S3Presigner presigner;

	private final StorageProperties.S3 settings;

	S3BlobStore(S3Client client, S3Presigner presigner, StorageProperties.S3 settings) {
		this.client = client;
		this.presigner = presigner;
		this.settings = settings;
	}

	@Override
	public void put(String key, Path source) throws IOException {
		long size = Files.size(source);
		try {
			if (size > this.settings.multipartThreshold().toBytes()) {
				putInParts(objectKey(key), source, size);
			}
			else {
				this.client.putObject((request) -> request.bucket(bucket()).key(objectKey(key)).contentLength(size),
						RequestBody.fromFile(source));
			}
		}
		catch (SdkException ex) {
			throw new IOException("Could not upload blob " + key + " to bucket " + bucket(), ex);
		}
		Files.deleteIfExists(source);
	}

	private void putInParts(String objectKey, Path source, long size) throws IOException {
		String uploadId = this.client
			.createMultipartUpload((request) -> request.bucket(bucket()).key(objectKey))
			.uploadId();
		try (FileChannel channel = FileChannel.open(source, StandardOpenOption.READ)) {
			long partSize = Math.max(5L * 1024 * 1024, this.settings.partSize().toBytes());
			List<CompletedPart> parts = new ArrayList<>();
			int number = 1;
			for (long offset = 0; offset < size; offset += partSize, number++) {
				long length = Math.min(partSize, size - offset);
				channel.position(offset);
				InputStream part = Channels.newInputStream(channel);
				int partNumber = number;
				String etag = this.client
					.uploadPart((request) -> request.bucket(bucket())
						.key(objectKey)
						.uploadId(uploadId)
						.partNumber(partNumber)
						.contentLength(length), RequestBody.fromInputStream(part, length))
					.eTag();
				parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
			}
			this.client.completeMultipartUpload((request) -> request.bucket(bucket())
				.key(objectKey)
				.uploadId(uploadId)
				.multipartUpload((upload) -> upload.parts(parts)));
		}
		catch (IOException | SdkException ex) {
			abort(objectKey, uploadId);
			throw ex;
		}
	}

	private void abort(String objectKey, String uploadId) {
		try {
			this.client.abortMultipartUpload(
					(request) -> request.bucket(bucket()).key(objectKey).uploadId(uploadId));
		}
		catch (SdkException ex) {
			log.warn("Could not abort multipart upload {} of {}", uploadId, objectKey, ex);
		}
	}

	@Override
	public InputStream open(String key) throws IOException {
		try {
			return this.client.getObject((request) -> request.bucket(bucket()).key(objectKey(key)));
		}
		catch (NoSuchKeyException ex) {
			throw new java.nio.file.NoSuchFileException(key);
		}
		catch (SdkException ex) {
			throw new IOException("Could not read blob " + key + " from bucket " + bucket(), ex);
		}
	}

	@Override
	public long size(String key) throws IOException {
		try {
			return this.client.headObject((request) -> request.bucket(bucket()).key(objectKey(key))).contentLength();
		}
		catch (SdkException ex) {
			throw new IOException("Could not read the size of blob " + key, ex);
		}
	}

	@Override
	public boolean exists(String key) throws IOException {
		try {
			this.client.headObject((request) -> request.bucket(bucket()).key(objectKey(key)));
			return true;
		}
		catch (NoSuchKeyException ex) {
			return false;
		}
		catch (S3Exception ex) {
			if (ex.statusCode() == 404) {
				return false;
			}
			throw new IOException("Could not look up blob " + key, ex);
		}
		catch (SdkException ex) {
			throw new IOException("Could not look up blob " + key, ex);
		}
	}

	@Override
	public void delete(String key) throws IOException {
		try {
			this.client.deleteObject((request) -> request.bucket(bucket()).key(objectKey(key)));
		}
		catch (SdkException ex) {
			throw new IOException("Could not delete blob " + key, ex);
		}
	}

	@Override
	public Path localPath(String key) {
		return null;
	}

	@Override
	public URI presignedDownload(String key, String contentType, String contentDisposition, Duration lifetime) {
		if (!this.settings.redirectDownloads()) {
			return null;
		}
		try {
			return this.presigner
				.presignGetObject((presign) -> presign.signatureDuration(lifetime)
					.getObjectRequest((request) -> request.bucket(bucket())
						.key(objectKey(key))
						.responseContentType(contentType)
						.responseContentDisposition(contentDisposition)))
				.url()
				.toURI();
		}
		catch (java.net.URISyntaxException ex) {
			throw new UncheckedIOException(new IOException("Presigned URL is not a valid URI", ex));
		}
	}

	@Override
	public void forEachOlderThan(Instant cutoff, Consumer<String> action) throws IOException {
		try {
			this.client.listObjectsV2Paginator((request) -> request.bucket(bucket()).prefix(this.settings.prefix()))
				.contents()
				.stream()
				.filter((object) -> object.lastModified().isBefore(cutoff))
				.map((object) -> object.key().substring(this.settings.prefix().length()))
				.forEach(action);
		}
		catch (SdkException ex) {
			throw new IOException("Could not list bucket " + bucket(), ex);
		}
	}

	@Override
	public Instant lastModified(String key) throws IOException {
		try {
			return this.client.headObject((request) -> request.bucket(bucket()).key(objectKey(key))).lastModified();
		}
		catch (NoSuchKeyException ex) {
			throw new java.nio.file.NoSuchFileException(key);
		}
		catch (SdkException ex) {
			throw new IOException("Could not look up blob " + key, ex);
		}
	}

	@Override
	public void checkAvailable() throws IOException {
		try {
			this.client.headBucket((request) -> request.bucket(bucket()));
		}
		catch (SdkException ex) {
			throw new IOException("Bucket " + bucket() + " is not reachable", ex);
		}
	}

	private String bucket() {
		return this.settings.bucket();
	}

	private String objectKey(String key) {
		return this.settings.prefix() + key;
	}

}
