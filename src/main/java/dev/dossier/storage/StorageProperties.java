package dev.dossier.storage;

import java.net.URI;
import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Storage location of file bytes.
 *
 * @param dataDir directory for the SQLite database, local blobs ({@code blobs/}), upload spools
 * ({@code tmp/}) and the generated URL signing key
 * @param type {@code local} keeps blobs under the data directory; {@code s3} in an S3-compatible bucket
 * @param s3 the bucket, used when {@code type} is {@code s3}
 * @param quotaPerAccount bytes that one account's files (with an avatar's variants) may take
 * together, deleted files excepted; an upload that would pass it is rejected
 */
@ConfigurationProperties("dossier.storage")
public record StorageProperties(@DefaultValue("./data") Path dataDir, @DefaultValue("local") Type type,
		@DefaultValue S3 s3, @DefaultValue("100MB") DataSize quotaPerAccount) {

	/** Kinds of blob store. */
	public enum Type {

		LOCAL, S3

	}

	/**
	 * An S3-compatible bucket (AWS S3, MinIO, Ceph, R2).
	 *
	 * @param endpoint service URL such as {@code http://127.0.0.1:9000}; empty for AWS's own endpoints
	 * @param region signing region; S3-compatible servers mostly accept any
	 * @param bucket bucket name; it must exist
	 * @param pathStyle address the bucket as {@code endpoint/bucket/key} rather than as a host name,
	 * as most self-hosted servers need
	 * @param accessKey access key id; when empty, the AWS SDK's default credential chain is used
	 * @param secretKey secret access key, given together with {@code accessKey}
	 * @param prefix prefix of every object key, so that the bucket can hold other things too
	 * @param multipartThreshold files larger than this are uploaded in parts
	 * @param partSize size of each part of a multipart upload (S3 requires at least 5 MiB)
	 * @param redirectDownloads send clients a short-lived presigned URL of the bucket instead of
	 * streaming the bytes through this service
	 */
	public record S3(URI endpoint, @DefaultValue("us-east-1") String region, String bucket,
			@DefaultValue("true") boolean pathStyle, String accessKey, String secretKey,
			@DefaultValue("blobs/") String prefix, @DefaultValue("16MB") DataSize multipartThreshold,
			@DefaultValue("8MB") DataSize partSize, @DefaultValue("false") boolean redirectDownloads) {
	}

	public Path blobDir() {
		return this.dataDir.resolve("blobs");
	}

	public Path tempDir() {
		return this.dataDir.resolve("tmp");
	}

}
