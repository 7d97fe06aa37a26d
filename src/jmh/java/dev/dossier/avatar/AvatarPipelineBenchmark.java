package dev.dossier.avatar;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Compares the avatar pipeline on a 12-megapixel photo (decode with subsampling, sRGB, all stored
 * sizes encoded) with a plain {@code ImageIO.read} of the same file, which decodes every pixel and
 * does nothing else.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class AvatarPipelineBenchmark {

	private Path photo;

	private AvatarPipeline pipeline;

	@Setup
	public void writePhoto() throws IOException {
		this.photo = Files.createTempFile("avatar-benchmark-", ".jpg");
		ImageIO.write(photo(4000, 3000), "jpeg", this.photo.toFile());
		this.pipeline = new AvatarPipeline(new AvatarProperties(10000, 50_000_000, 0.85f, null,
				Duration.ofMinutes(1)));
	}

	@TearDown
	public void deletePhoto() throws IOException {
		Files.deleteIfExists(this.photo);
	}

	@Benchmark
	public AvatarPipeline.Normalized normalizeToAllSizes() {
		return this.pipeline.normalize(this.photo, ImageFormat.JPEG);
	}

	@Benchmark
	public BufferedImage plainImageIoRead() throws IOException {
		return ImageIO.read(this.photo.toFile());
	}

	/** Creates a photo-like picture: smooth gradients with fine noise, so that it compresses like one. */
	private static BufferedImage photo(int width, int height) {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Random random = new Random(42);
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				int noise = random.nextInt(48);
				int red = Math.min(255, x * 200 / width + noise);
				int green = Math.min(255, y * 200 / height + noise);
				int blue = Math.min(255, (x + y) * 100 / (width + height) + 60 + noise);
				image.setRGB(x, y, (red << 16) | (green << 8) | blue);
			}
		}
		return image;
	}

}
