package dev.dossier.support;

import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3-compatible server for tests: S3Proxy on a free port of 127.0.0.1, keeping objects in a
 * folder, with one bucket created and AWS signature checks on.
 */
public final class S3ProxyServer implements AutoCloseable {

	public static final String ACCESS_KEY = "test-access-key";

	public static final String SECRET_KEY = "test-secret-key";

	private final S3Proxy proxy;

	private final BlobStoreContext context;

	private S3ProxyServer(S3Proxy proxy, BlobStoreContext context) {
		this.proxy = proxy;
		this.context = context;
	}

	/** Starts a server whose objects live under {@code directory}, with {@code bucket} created. */
	public static S3ProxyServer start(Path directory, String bucket) throws Exception {
		Properties properties = new Properties();
		properties.setProperty("jclouds.filesystem.basedir", directory.toString());
		BlobStoreContext context = ContextBuilder.newBuilder("filesystem")
			.credentials("identity", "credential")
			.overrides(properties)
			.build(BlobStoreContext.class);
		context.getBlobStore().createContainerInLocation(null, bucket);
		S3Proxy proxy = S3Proxy.builder()
			.blobStore(context.getBlobStore())
			.endpoint(URI.create("http://127.0.0.1:0"))
			.awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
			.build();
		proxy.start();
		long deadline = System.nanoTime() + 10_000_000_000L;
		while (!proxy.getState().equals("STARTED")) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("S3Proxy did not start within 10 s: " + proxy.getState());
			}
			Thread.sleep(10);
		}
		return new S3ProxyServer(proxy, context);
	}

	public URI endpoint() {
		return URI.create("http://127.0.0.1:" + this.proxy.getPort());
	}

	@Override
	public void close() {
		try {
			this.proxy.stop();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not stop S3Proxy", ex);
		}
		finally {
			this.context.close();
		}
	}

}
