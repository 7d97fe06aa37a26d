package dev.dossier.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.stream.Stream;

import org.slf4j.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

	private static final Logger log = LoggerFactory.getLogger(StorageConfiguration.class);

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	BlobStore blobStore(StorageProperties properties) throws IOException {
		if (properties.type() == StorageProperties.Type.S3) {
			return s3BlobStore(properties.s3());
		}
		PrivateFolders.create(properties.dataDir());
		Files.createDirectories(properties.blobDir());
		return new LocalBlobStore(properties.blobDir());
	}

	private static S3BlobStore s3BlobStore(StorageProperties.S3 s3) {
		if (s3.bucket() == null || s3.bucket().isBlank()) {
			throw new IllegalStateException("dossier.storage.s3.bucket is missing: it is required when "
					+ "dossier.storage.type=s3. Set it to the name of an existing bucket.");
		}
		AwsCredentialsProvider credentials = (s3.accessKey() != null && !s3.accessKey().isBlank())
				? StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), s3.secretKey()))
				: DefaultCredentialsProvider.builder().build();
		S3Configuration serviceConfiguration = S3Configuration.builder().pathStyleAccessEnabled(s3.pathStyle()).build();
		var client = S3Client.builder()
			.region(Region.of(s3.region()))
			.credentialsProvider(credentials)
			.serviceConfiguration(serviceConfiguration)
			.httpClientBuilder(Apache5HttpClient.builder())
			// Checksums only where S3 requires them: many S3-compatible servers reject the SDK's
			// default trailing checksums.
			.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
			.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
		var presigner = S3Presigner.builder()
			.region(Region.of(s3.region()))
			.credentialsProvider(credentials)
			.serviceConfiguration(serviceConfiguration);
		if (s3.endpoint() != null) {
			client.endpointOverride(s3.endpoint());
			presigner.endpointOverride(s3.endpoint());
		}
		log.info("Storing blobs in bucket {} at {}", s3.bucket(), (s3.endpoint() != null) ? s3.endpoint() : "AWS");
		return new S3BlobStore(client.build(), presigner.build(), s3);
	}

	@Bean
	SignedUrls signedUrls(SigningProperties signing, StorageProperties storage, Clock clock) throws IOException {
		byte[] key;
		if (signing.key() != null && !signing.key().isBlank()) {
			try {
				key = Base64.getDecoder().decode(signing.key().trim());
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalStateException("dossier.signed-urls.key is not valid base64. Generate one with: "
						+ "openssl rand -base64 32", ex);
			}
			if (key.length < 32) {
				throw new IllegalStateException("dossier.signed-urls.key must decode to at least 32 bytes. "
						+ "Generate one with: openssl rand -base64 32");
			}
		}
		else if (storage.type() == StorageProperties.Type.S3) {
			throw new IllegalStateException("dossier.signed-urls.key is missing. With blobs in S3 "
					+ "(dossier.storage.type=s3) every node must sign download links with the same key: generate one "
					+ "with 'openssl rand -base64 32' and give it to all nodes.");
		}
		else {
			key = loadOrCreateKey(storage.dataDir().resolve("signing.key"));
		}
		return new SignedUrls(key, signing.lifetime(), clock);
	}

	private static byte[] loadOrCreateKey(Path file) throws IOException {
		if (Files.exists(file)) {
			return Base64.getDecoder().decode(Files.readString(file).trim());
		}
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		Files.createDirectories(file.toAbsolutePath().getParent());
		Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), "signing-", ".tmp",
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		Files.writeString(temp, Base64.getEncoder().encodeToString(key), StandardOpenOption.TRUNCATE_EXISTING);
		Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
		log.info("Generated a URL signing key in {}", file);
		return key;
	}

	/** Upload spool directory, emptied at start-up of what a crashed run left behind. */
	@Bean
	SpoolDirectory spoolDirectory(StorageProperties properties) throws IOException {
		Path directory = properties.tempDir();
		PrivateFolders.create(properties.dataDir());
		Files.createDirectories(directory);
		int removed = 0;
		try (Stream<Path> leftovers = Files.list(directory)) {
			for (Path leftover : leftovers.toList()) {
				if (Files.deleteIfExists(leftover)) {
					removed++;
				}
			}
		}
		catch (UncheckedIOException ex) {
			throw ex.getCause();
		}
		if (removed > 0) {
			log.info("Removed {} temp files left in {} by an earlier run", removed, directory);
		}
		return new SpoolDirectory(directory);
	}

}
