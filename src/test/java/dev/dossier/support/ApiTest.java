package dev.dossier.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the API tests. By default rows and blobs are in SQLite and a folder under a fresh temp
 * folder; the system properties {@code dossier.test.database=postgresql} and
 * {@code dossier.test.storage=s3} move them to PostgreSQL (see {@link TestDatabase}) and to S3Proxy
 * on 127.0.0.1. All subclasses share one application context, so each test registers its own
 * users. Its storage settings win over a subclass's: a test that needs other storage extends
 * {@link ServiceTest}.
 */
public abstract class ApiTest extends ServiceTest {

	private static final Path DATA_DIR = createDataDir();

	private static final boolean S3 = "s3".equals(System.getProperty("dossier.test.storage"));

	private static S3ProxyServer s3Server;

	@DynamicPropertySource
	static void storage(DynamicPropertyRegistry registry) throws Exception {
		registry.add("dossier.storage.data-dir", DATA_DIR::toString);
		TestDatabase.register(registry);
		if (S3) {
			registerS3(registry);
		}
	}

	/** Starts one S3Proxy for the whole test run; the application context is shared as well. */
	private static synchronized void registerS3(DynamicPropertyRegistry registry) throws Exception {
		if (s3Server == null) {
			Path objects = Files.createDirectories(DATA_DIR.resolve("s3"));
			s3Server = S3ProxyServer.start(objects, "dossier");
			Runtime.getRuntime().addShutdownHook(new Thread(s3Server::close));
		}
		registry.add("dossier.storage.type", () -> "s3");
		registry.add("dossier.storage.s3.endpoint", () -> s3Server.endpoint().toString());
		registry.add("dossier.storage.s3.bucket", () -> "dossier");
		registry.add("dossier.storage.s3.access-key", () -> S3ProxyServer.ACCESS_KEY);
		registry.add("dossier.storage.s3.secret-key", () -> S3ProxyServer.SECRET_KEY);
		registry.add("dossier.signed-urls.key", () -> "dGVzdCBzaWduaW5nIGtleSBvZiBhdCBsZWFzdCAzMiBieXRlcyE=");
	}

	@BeforeAll
	static void requireDatabase() {
		String reason = TestDatabase.unavailableReason();
		Assumptions.assumeTrue(reason == null, reason);
	}

	private static Path createDataDir() {
		try {
			Path dir = Files.createTempDirectory("dossier-api-test-");
			dir.toFile().deleteOnExit();
			return dir;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	protected static Path dataDir() {
		return DATA_DIR;
	}

	/** Files left in the upload spool folder; must be empty between requests. */
	protected static long spoolFileCount() throws IOException {
		try (Stream<Path> files = Files.list(DATA_DIR.resolve("tmp"))) {
			return files.count();
		}
	}

}
