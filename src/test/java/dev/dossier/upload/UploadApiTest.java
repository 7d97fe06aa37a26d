package dev.dossier.upload;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.dossier.support.ApiTest;
import dev.dossier.support.Fixtures;

import static org.assertj.core.api.Assertions.assertThat;

class UploadApiTest extends ApiTest {

	private static final int LIMIT = 10 * 1024 * 1024;

	@AfterEach
	void noSpoolFileLeft() throws Exception {
		assertThat(spoolFileCount()).as("files left in the spool folder").isZero();
	}

	@Test
	void avatarUploadReturnsId() throws Exception {
		User user = register();
		byte[] png = Fixtures.avatarPng();

		HttpResponse<String> response = upload("avatar", user.accessToken(), png, "me.png");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode body = JSON.readTree(response.body());
		assertThat(body.get("id").isIntegralNumber()).isTrue();
		assertThat(response.body()).startsWith("{\"id\":");
		assertThat(body.get("content_type").asString()).as("opaque avatars are re-encoded as JPEG")
			.isEqualTo("image/jpeg");
		assertThat(body.get("filename").asString()).as("name follows the stored format").isEqualTo("me.jpg");
	}

	@Test
	void cvUploadIsStoredByteExact() throws Exception {
		User user = register();
		byte[] pdf = Fixtures.cvPdf();

		HttpResponse<String> response = upload("cv", user.accessToken(), pdf, "cv.pdf");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode body = JSON.readTree(response.body());
		assertThat(body.get("content_type").asString()).isEqualTo("application/pdf");
		HttpResponse<byte[]> download = download(body.get("url").asString(), null);
		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(download.body()).isEqualTo(pdf);
	}

	/** Other local accounts on the machine must not read stored files, whatever the umask. */
	@Test
	void storedFilesAreReadableByTheServiceOnly() throws Exception {
		Assumptions.assumeTrue(System.getProperty("dossier.test.storage") == null, "blobs are in S3 in this run");
		Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
				"needs POSIX permissions");
		User user = register();
		JsonNode stored = JSON.readTree(upload("cv", user.accessToken(), Fixtures.textCv(5000), "cv.txt").body());
		String sha256 = stored.get("sha256").asString();

		Path blob = dataDir().resolve("blobs").resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4))
			.resolve(sha256);

		assertThat(Files.getPosixFilePermissions(blob)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
				PosixFilePermission.OWNER_WRITE);
	}

	@Test
	void newUploadBecomesCurrent() throws Exception {
		User user = register();
		long first = JSON.readTree(upload("cv", user.accessToken(), Fixtures.cvPdf(), "one.pdf").body())
			.get("id")
			.asLong();
		long second = JSON.readTree(upload("cv", user.accessToken(), Fixtures.textCv(500), "two.txt").body())
			.get("id")
			.asLong();

		JsonNode current = JSON.readTree(get("/api/v1/user-operations/cv", user.accessToken()).body());
		JsonNode history = JSON.readTree(get("/api/v1/user-operations/cv/history", user.accessToken()).body());

		assertThat(current.get("id").asLong()).isEqualTo(second);
		assertThat(history.get("items")).hasSize(2);
		assertThat(history.get("items").get(0).get("id").asLong()).isEqualTo(second);
		assertThat(history.get("items").get(0).get("current").asBoolean()).isTrue();
		assertThat(history.get("items").get(1).get("id").asLong()).isEqualTo(first);
		assertThat(history.get("items").get(1).get("current").asBoolean()).isFalse();
	}

	@Test
	void missingTokenIsRejectedFirst() throws Exception {
		HttpResponse<String> response = postJson("/api/v1/user-operations/avatar", null, "not even JSON");

		assertProblem(response, 401);
	}

	@Test
	void revokedTokenIsRejected() throws Exception {
		User user = register();
		postJson("/api/v1/logout", user.accessToken(), "");

		HttpResponse<String> response = upload("avatar", user.accessToken(), Fixtures.avatarPng(), "me.png");

		assertProblem(response, 401);
	}

	@Test
	void invalidBase64IsBadRequest() throws Exception {
		User user = register();

		HttpResponse<String> response = postJson("/api/v1/user-operations/cv", user.accessToken(),
				"{\"upload_content\":\"xyz\",\"upload_filename\":\"lalal.png\"}");

		JsonNode problem = assertProblem(response, 400);
		assertThat(problem.get("detail").asString()).contains("not valid base64");
		assertThat(problem.get("field").asString()).isEqualTo("upload_content");
		assertThat(get("/api/v1/user-operations/cv/history", user.accessToken()).body()).isEqualTo("{\"items\":[]}");
	}

	@Test
	void bodyMustBeJson() throws Exception {
		User user = register();

		HttpResponse<String> response = postJson("/api/v1/user-operations/cv", user.accessToken(), "cv.pdf");

		JsonNode problem = assertProblem(response, 400);
		assertThat(problem.get("type").asString()).endsWith("invalid-json");
	}

	@Test
	void missingContentIsNamed() throws Exception {
		User user = register();

		HttpResponse<String> response = postJson("/api/v1/user-operations/cv", user.accessToken(),
				"{\"upload_filename\":\"cv.pdf\"}");

		JsonNode problem = assertProblem(response, 400);
		assertThat(problem.get("field").asString()).isEqualTo("upload_content");
	}

	@Test
	void emptyContentIsNamed() throws Exception {
		User user = register();

		HttpResponse<String> response = postJson("/api/v1/user-operations/avatar", user.accessToken(),
				"{\"upload_content\":\"\",\"upload_filename\":\"me.png\"}");

		JsonNode problem = assertProblem(response, 400);
		assertThat(problem.get("field").asString()).isEqualTo("upload_content");
		assertThat(problem.get("detail").asString()).contains("empty");
	}

	@Test
	void missingFilenameIsNamed() throws Exception {
		User user = register();
		String content = Base64.getEncoder().encodeToString(Fixtures.avatarPng());

		HttpResponse<String> response = postJson("/api/v1/user-operations/avatar", user.accessToken(),
				"{\"upload_content\":\"" + content + "\"}");

		JsonNode problem = assertProblem(response, 400);
		assertThat(problem.get("field").asString()).isEqualTo("upload_filename");
	}

	@Test
	void wrongTypeNamesAcceptedTypes() throws Exception {
		User user = register();

		HttpResponse<String> response = upload("avatar", user.accessToken(), Fixtures.cvPdf(), "me.png");

		JsonNode problem = assertProblem(response, 415);
		assertThat(problem.get("detail").asString()).contains("PDF").contains("JPEG, PNG");
		assertThat(get("/api/v1/user-operations/avatar", user.accessToken()).statusCode()).isEqualTo(404);
	}

	@Test
	void imageIsNotACv() throws Exception {
		User user = register();

		HttpResponse<String> response = upload("cv", user.accessToken(), Fixtures.avatarPng(), "cv.pdf");

		JsonNode problem = assertProblem(response, 415);
		assertThat(problem.get("detail").asString()).contains("PNG").contains("PDF, DOCX");
	}

	@Test
	void formUploadIsUnsupported() throws Exception {
		User user = register();
		HttpRequest request = HttpRequest.newBuilder(uri("/api/v1/user-operations/cv"))
			.header("Authorization", "Bearer " + user.accessToken())
			.header("Content-Type", "multipart/form-data; boundary=x")
			.POST(HttpRequest.BodyPublishers.ofString("--x--"))
			.build();

		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());

		JsonNode problem = assertProblem(response, 415);
		assertThat(problem.get("detail").asString()).contains("application/json");
	}

	@Test
	void uploadPathWithoutKindIsNotFound() throws Exception {
		User user = register();

		HttpResponse<String> response = postJson("/api/v1/user-operations", user.accessToken(),
				"{\"upload_content\":\"xyz\",\"upload_filename\":\"lalal.png\"}");

		JsonNode problem = assertProblem(response, 404);
		assertThat(problem.get("detail").asString()).contains("/api/v1/user-operations/avatar")
			.contains("/api/v1/user-operations/cv");
	}

	@Test
	void fileAtLimitIsAccepted() throws Exception {
		User user = register();

		HttpResponse<String> response = upload("cv", user.accessToken(), Fixtures.textCv(LIMIT), "cv.txt");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(JSON.readTree(response.body()).get("size").asLong()).isEqualTo(LIMIT);
	}

	@Test
	void fileOneByteOverLimitIsTooLarge() throws Exception {
		User user = register();

		HttpResponse<String> response = upload("cv", user.accessToken(), Fixtures.textCv(LIMIT + 1), "cv.txt");

		JsonNode problem = assertProblem(response, 413);
		assertThat(problem.get("detail").asString()).contains("10 MiB");
		assertThat(get("/api/v1/user-operations/cv/history", user.accessToken()).body()).isEqualTo("{\"items\":[]}");
	}

	@Test
	void streamedOversizeStopsEarly() throws Exception {
		User user = register();
		// 40 MiB of base64 sent chunked, without Content-Length: only a limit while reading can stop it.
		String head = "POST /api/v1/user-operations/cv HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
				+ user.accessToken() + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
		InputStream body = new SequenceInputStream(
				new ByteArrayInputStream("{\"upload_filename\":\"big.txt\",\"upload_content\":\"".getBytes()),
				new RepeatingInputStream("QUJD".getBytes(StandardCharsets.US_ASCII), 40L * 1024 * 1024));

		String response = exchange(head, body, true);

		assertThat(response).startsWith("HTTP/1.1 413");
		assertThat(response).contains("application/problem+json").contains("10 MiB");
	}

	@Test
	void declaredOversizeIsRejectedUnread() throws Exception {
		User user = register();
		String head = "POST /api/v1/user-operations/cv HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
				+ user.accessToken() + "\r\nContent-Type: application/json\r\nContent-Length: 900000000\r\n\r\n";
		InputStream body = new ByteArrayInputStream("{\"upload_content\":\"".getBytes(StandardCharsets.US_ASCII));

		String response = exchange(head, body, false);

		assertThat(response).startsWith("HTTP/1.1 413");
		assertThat(response).contains("application/problem+json").contains("10 MiB");
	}

	/**
	 * Sends a request over a raw socket while reading the response, as curl does: a server that
	 * rejects a body early closes the connection, which makes most HTTP clients fail the call.
	 */
	private String exchange(String head, InputStream body, boolean chunked) throws Exception {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(20_000);
			OutputStream out = socket.getOutputStream();
			out.write(head.getBytes(StandardCharsets.US_ASCII));
			Thread writer = Thread.ofVirtual().start(() -> {
				byte[] chunk = new byte[8192];
				try {
					int n;
					while ((n = body.read(chunk)) > 0) {
						if (chunked) {
							out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
						}
						out.write(chunk, 0, n);
						if (chunked) {
							out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
						}
					}
					if (chunked) {
						out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
					}
					out.flush();
				}
				catch (java.io.IOException ex) {
					// The server closed the connection after its response, which is the expected outcome.
				}
			});
			StringBuilder response = new StringBuilder();
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[4096];
			int n;
			while (!isComplete(response) && (n = in.read(buffer)) > 0) {
				response.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
			}
			writer.interrupt();
			return response.toString();
		}
	}

	/** Returns whether a response whose body is one JSON object has arrived whole, chunked or not. */
	private static boolean isComplete(CharSequence response) {
		String text = response.toString();
		int bodyStart = text.indexOf("\r\n\r\n");
		return bodyStart >= 0 && (text.endsWith("\r\n0\r\n\r\n") || text.endsWith("}"));
	}

	/** Repeats a pattern up to a total length, without holding it in memory. */
	private static final class RepeatingInputStream extends InputStream {

		private final byte[] pattern;

		private long remaining;

		private int index;

		RepeatingInputStream(byte[] pattern, long length) {
			this.pattern = pattern;
			this.remaining = length;
		}

		@Override
		public int read() {
			if (this.remaining == 0) {
				return -1;
			}
			this.remaining--;
			byte b = this.pattern[this.index];
			this.index = (this.index + 1) % this.pattern.length;
			return b & 0xff;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) {
			if (this.remaining == 0) {
				return -1;
			}
			int n = (int) Math.min(length, this.remaining);
			for (int i = 0; i < n; i++) {
				buffer[offset + i] = this.pattern[this.index];
				this.index = (this.index + 1) % this.pattern.length;
			}
			this.remaining -= n;
			return n;
		}

	}

}
