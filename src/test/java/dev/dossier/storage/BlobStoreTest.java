package dev.dossier.storage;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.util.unit.DataSize;

import dev.dossier.support.S3ProxyServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The same contract for every blob store: the local folder and an S3-compatible bucket. */
class BlobStoreTest {

	private static final DataSize QUOTA = DataSize.ofMegabytes(100);

	@TempDir
	static Path root;

	private static S3ProxyServer s3;

	private static StorageConfiguration configuration = new StorageConfiguration();

	@BeforeAll
	static void startS3() throws Exception {
		Files.createDirectories(root.resolve("s3"));
		s3 = S3ProxyServer.start(root.resolve("s3"), "dossier-test");
	}

	@AfterAll
	static void stopS3() throws Exception {
		s3.close();
	}

	static Stream<String> stores() {
		return Stream.of("local", "s3");
	}

	private BlobStore store(String type) throws Exception {
		if (type.equals("local")) {
			return configuration.blobStore(new StorageProperties(root.resolve("local"), StorageProperties.Type.LOCAL,
					null, QUOTA));
		}
		var settings = new StorageProperties.S3(s3.endpoint(), "us-east-1", "dossier-test", true,
				S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY, "blobs/", DataSize.ofMegabytes(6),
				DataSize.ofMegabytes(5), false);
		return configuration.blobStore(new StorageProperties(root, StorageProperties.Type.S3, settings, QUOTA));
	}

	private static Path file(int size, long seed) throws Exception {
		byte[] bytes = new byte[size];
		new Random(seed).nextBytes(bytes);
		Path file = Files.createTempFile(root, "source-", ".bin");
		Files.write(file, bytes);
		return file;
	}

	@ParameterizedTest
	@MethodSource("stores")
	void putThenReadBack(String type) throws Exception {
		BlobStore store = store(type);
		Path source = file(10_000, 1);
		byte[] expected = Files.readAllBytes(source);

		store.put("a1b2c3d4-put", source);

		assertThat(Files.exists(source)).as("source moved away").isFalse();
		assertThat(store.exists("a1b2c3d4-put")).isTrue();
		assertThat(store.size("a1b2c3d4-put")).isEqualTo(expected.length);
		try (InputStream in = store.open("a1b2c3d4-put")) {
			assertThat(in.readAllBytes()).isEqualTo(expected);
		}
	}

	@ParameterizedTest
	@MethodSource("stores")
	void largeFileRoundTrips(String type) throws Exception {
		BlobStore store = store(type);
		Path source = file(13 * 1024 * 1024 + 17, 2);
		byte[] expected = Files.readAllBytes(source);

		store.put("e5f6a7b8-large", source);

		try (InputStream in = store.open("e5f6a7b8-large")) {
			assertThat(in.readAllBytes()).isEqualTo(expected);
		}
	}

	@ParameterizedTest
	@MethodSource("stores")
	void deleteRemovesBlob(String type) throws Exception {
		BlobStore store = store(type);
		store.put("c9d0e1f2-delete", file(100, 3));

		store.delete("c9d0e1f2-delete");

		assertThat(store.exists("c9d0e1f2-delete")).isFalse();
		store.delete("c9d0e1f2-delete");
	}

	@Test
	void presignedUrlServesBlob() throws Exception {
		var settings = new StorageProperties.S3(s3.endpoint(), "us-east-1", "dossier-test", true,
				S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY, "blobs/", DataSize.ofMegabytes(6),
				DataSize.ofMegabytes(5), true);
		BlobStore store = configuration
			.blobStore(new StorageProperties(root, StorageProperties.Type.S3, settings, QUOTA));
		Path source = file(5_000, 4);
		byte[] expected = Files.readAllBytes(source);
		store.put("f0f1f2f3-presigned", source);

		URI url = store.presignedDownload("f0f1f2f3-presigned", "application/pdf", "attachment; filename=\"cv.pdf\"",
				Duration.ofMinutes(5));
		HttpResponse<byte[]> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofByteArray());

		assertThat(url.getHost()).isEqualTo("127.0.0.1");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(expected);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/pdf");
	}

	@Test
	void presignedUrlsOnlyWhenEnabled() throws Exception {
		assertThat(store("s3").presignedDownload("any-key", "application/pdf", "attachment", Duration.ofMinutes(5)))
			.isNull();
		assertThat(store("local").presignedDownload("any-key", "application/pdf", "attachment",
				Duration.ofMinutes(5)))
			.isNull();
	}

	@ParameterizedTest
	@MethodSource("stores")
	void missingBlobIsNoSuchFile(String type) throws Exception {
		BlobStore store = store(type);

		assertThat(store.exists("0000aaaa-missing")).isFalse();
		assertThatExceptionOfType(NoSuchFileException.class).isThrownBy(() -> store.open("0000aaaa-missing"));
	}

}
