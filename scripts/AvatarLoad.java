import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.imageio.ImageIO;

/**
 * Sends concurrent avatar uploads of one generated 4000 x 3000 JPEG (12 megapixels) to a running
 * Dossier and prints the status codes and times. Bounded: one upload per client, a 5-minute
 * timeout each, and only the base URL given, which must be a loopback address.
 *
 * Run: java scripts/AvatarLoad.java http://127.0.0.1:18080 32 [noise]
 * where noise (default 24) is the amplitude of the random noise added to each pixel: higher values
 * make a larger JPEG, like a sharper photo.
 */
public class AvatarLoad {

	public static void main(String[] args) throws Exception {
		URI base = URI.create(args[0]);
		int clients = Integer.parseInt(args[1]);
		int noise = (args.length > 2) ? Integer.parseInt(args[2]) : 24;
		if (!base.getHost().equals("127.0.0.1") && !base.getHost().equals("localhost")) {
			throw new IllegalArgumentException("Invalid base URL " + base + ": use a loopback address such as "
					+ "http://127.0.0.1:18080");
		}
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
		byte[] photo = photoJpeg(4000, 3000, noise);
		String body = "{\"upload_filename\": \"photo.jpg\", \"upload_content\": \""
				+ Base64.getEncoder().encodeToString(photo) + "\"}";
		System.out.printf("JPEG of 4000 x 3000: %d bytes; request body %d bytes%n", photo.length, body.length());

		List<String> tokens = new ArrayList<>();
		for (int i = 0; i < clients; i++) {
			tokens.add(register(http, base, i));
		}

		ExecutorService pool = Executors.newFixedThreadPool(clients);
		List<Future<String>> results = new ArrayList<>();
		long started = System.nanoTime();
		for (String token : tokens) {
			results.add(pool.submit(() -> upload(http, base, token, body)));
		}
		Map<String, Integer> counts = new TreeMap<>();
		for (Future<String> result : results) {
			counts.merge(result.get(), 1, Integer::sum);
		}
		pool.shutdown();
		System.out.printf("%d uploads in %.1f s: %s%n", clients, (System.nanoTime() - started) / 1e9, counts);
	}

	private static String upload(HttpClient http, URI base, String token, String body) throws Exception {
		long started = System.nanoTime();
		HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/v1/user-operations/avatar"))
			.timeout(Duration.ofMinutes(5))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + token)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
		System.out.printf("status %d after %.1f s%s%n", response.statusCode(), (System.nanoTime() - started) / 1e9,
				response.statusCode() == 200 ? "" : ": " + response.body());
		return Integer.toString(response.statusCode());
	}

	private static String register(HttpClient http, URI base, int index) throws Exception {
		String name = "load" + index + "x" + System.nanoTime();
		String body = """
				{"username": "%s", "email": "%s@example.com", "password": "load test password",
				 "password_repeat": "load test password", "first_name": "Load", "last_name": "Test"}"""
			.formatted(name, name);
		HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/v1/register"))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		String response = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
		return response.replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
	}

	/** Creates a photo-like JPEG: smooth gradients with fine noise, so that it compresses like a photo. */
	private static byte[] photoJpeg(int width, int height, int noiseAmplitude) throws Exception {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Random random = new Random(42);
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				int noise = random.nextInt(noiseAmplitude);
				int red = Math.min(255, (x * 200 / width) + noise);
				int green = Math.min(255, (y * 200 / height) + noise);
				int blue = Math.min(255, ((x + y) * 100 / (width + height)) + 60 + noise);
				image.setRGB(x, y, (red << 16) | (green << 8) | blue);
			}
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		ImageIO.write(image, "jpeg", bytes);
		return bytes.toByteArray();
	}

}
