package dev.dossier.avatar;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import dev.dossier.web.ApiException;
import dev.dossier.web.Problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The avatar pipeline on its own, on real files of the shared corpus and on images made here. */
class AvatarPipelineTest {

	private static final AvatarProperties DEFAULTS = new AvatarProperties(10000, 50_000_000, 0.85f, null,
			Duration.ofSeconds(30));

	private final AvatarPipeline pipeline = new AvatarPipeline(DEFAULTS);

	@TempDir
	Path temp;

	@TestFactory
	Stream<DynamicTest> acceptedCorpusImages() throws IOException {
		List<DynamicTest> tests = new ArrayList<>();
		for (AvatarCorpus.Row row : AvatarCorpus.rows(200)) {
			tests.add(DynamicTest.dynamicTest(row.name(), () -> checkAccepted(row)));
		}
		return tests.stream();
	}

	private void checkAccepted(AvatarCorpus.Row row) throws Exception {
		AvatarPipeline.Normalized normalized = normalize(row.file());

		BufferedImage image = StoredImages.decode(normalized.image().bytes());
		row.expectedSize().ifPresent((size) -> {
			assertThat(image.getWidth()).as("width of " + row.name()).isEqualTo(size[0]);
			assertThat(image.getHeight()).as("height of " + row.name()).isEqualTo(size[1]);
		});
		assertThat(Math.max(image.getWidth(), image.getHeight())).isLessThanOrEqualTo(1024);
		StoredImages.assertNoMetadata(normalized.image().bytes(), row.name());
		int shorterSide = Math.min(image.getWidth(), image.getHeight());
		assertThat(normalized.squares()).extracting(AvatarPipeline.Square::name)
			.containsExactly("64", "128", "256", "512");
		for (AvatarPipeline.Square square : normalized.squares()) {
			String label = row.name() + " square " + square.name();
			BufferedImage decoded = StoredImages.decode(square.image().bytes());
			assertThat(decoded.getWidth()).as(label).isEqualTo(decoded.getHeight());
			assertThat(decoded.getWidth()).as(label)
				.isLessThanOrEqualTo(Integer.parseInt(square.name()))
				.isGreaterThanOrEqualTo(Math.min(Integer.parseInt(square.name()), shorterSide));
			assertThat(square.image().contentType()).as(label).isEqualTo(normalized.image().contentType());
			StoredImages.assertNoMetadata(square.image().bytes(), label);
		}
		if (row.keepsTransparency()) {
			assertThat(normalized.image().contentType()).as(row.name()).isEqualTo("image/png");
			assertThat(StoredImages.translucentPixels(image)).as("translucent pixels of " + row.name()).isPositive();
		}
	}

	@TestFactory
	Stream<DynamicTest> rejectedCorpusImages() throws IOException {
		List<DynamicTest> tests = new ArrayList<>();
		for (AvatarCorpus.Row row : AvatarCorpus.rows(422)) {
			tests.add(DynamicTest.dynamicTest(row.name(), () -> {
				ImageFormat format = AvatarCorpus.formatOf(row.file()).orElseThrow();
				assertThatExceptionOfType(ApiException.class)
					.isThrownBy(() -> this.pipeline.normalize(row.file(), format))
					.satisfies((ex) -> assertThat(ex.problem()).isEqualTo(Problem.UNUSABLE_FILE));
			}));
		}
		return tests.stream();
	}

	@Test
	void exifOrientationsMatchReference() throws Exception {
		Path folder = AvatarCorpus.dir().resolve("avatar/exif-orientation");
		BufferedImage landscape = StoredImages.decode(normalize(folder.resolve("Landscape_1.jpg")).image().bytes());
		BufferedImage portrait = StoredImages.decode(normalize(folder.resolve("Portrait_1.jpg")).image().bytes());

		for (String name : List.of("Landscape_0", "Landscape_2", "Landscape_3", "Landscape_4", "Landscape_5",
				"Landscape_6", "Landscape_7", "Landscape_8", "Portrait_6")) {
			BufferedImage reference = name.startsWith("Portrait") ? portrait : landscape;
			BufferedImage stored = StoredImages.decode(normalize(folder.resolve(name + ".jpg")).image().bytes());
			assertThat(StoredImages.meanDifference(stored, reference)).as(name + " against its reference")
				.isLessThan(6.0);
		}
	}

	@Test
	void ycckWhitePageStaysWhite() throws Exception {
		Path page = AvatarCorpus.dir().resolve("avatar/jpeg/tm-ycck-1824x1024.jpg");

		BufferedImage image = StoredImages.decode(normalize(page).image().bytes());

		assertThat(image.getWidth()).isEqualTo(1024);
		assertThat(image.getHeight()).isEqualTo(575);
		assertThat(meanBrightness(image)).isGreaterThan(245.0);
	}

	@Test
	void ycckCornersKeepTheirHues() throws Exception {
		Path file = AvatarCorpus.dir().resolve("avatar/generated/gen-ycck-with-cmyk-icc.jpg");

		BufferedImage image = StoredImages.decode(normalize(file).image().bytes());

		Color red = new Color(image.getRGB(15, 15));
		Color green = new Color(image.getRGB(304, 15));
		Color blue = new Color(image.getRGB(15, 224));
		Color yellow = new Color(image.getRGB(304, 224));
		assertThat(red.getRed()).as("red corner %s", red).isGreaterThan(red.getGreen() + 80).isGreaterThan(red.getBlue() + 80);
		assertThat(green.getGreen()).as("green corner %s", green).isGreaterThan(green.getRed() + 60)
			.isGreaterThan(green.getBlue() + 60);
		assertThat(blue.getBlue()).as("blue corner %s", blue).isGreaterThan(blue.getRed() + 80)
			.isGreaterThan(blue.getGreen() + 80);
		assertThat(Math.min(yellow.getRed(), yellow.getGreen())).as("yellow corner %s", yellow)
			.isGreaterThan(yellow.getBlue() + 80);
	}

	@Test
	void pngProfileIsConvertedToSrgb() throws Exception {
		BufferedImage grey = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
		for (int y = 0; y < 40; y++) {
			for (int x = 0; x < 40; x++) {
				grey.setRGB(x, y, 0x808080);
			}
		}
		byte[] linearRgb = ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData();
		Path tagged = this.temp.resolve("linear.png");
		Files.write(tagged, withIccpChunk(Files.readAllBytes(write(grey, "png", "plain.png")), linearRgb));

		int plain = StoredImages.decode(normalize(this.temp.resolve("plain.png")).image().bytes()).getRGB(20, 20);
		int converted = StoredImages.decode(this.pipeline.normalize(tagged, ImageFormat.PNG).image().bytes())
			.getRGB(20, 20);

		assertThat(plain & 0xff).as("untagged grey stays as it is").isBetween(126, 130);
		assertThat(converted & 0xff).as("linear 0.5 is sRGB 188").isBetween(184, 192);
	}

	@Test
	void icoAlphaChannelIsKept() throws Exception {
		int[] pixels = new int[16 * 16];
		for (int i = 0; i < pixels.length; i++) {
			pixels[i] = (i < 8 * 16) ? 0x000000ff : 0xff0000ff;
		}
		Path icon = Files.write(this.temp.resolve("alpha.ico"), ico(32, pixels, new byte[16 * 4]));

		AvatarPipeline.Normalized normalized = this.pipeline.normalize(icon, ImageFormat.ICO);

		assertThat(normalized.image().contentType()).isEqualTo("image/png");
		BufferedImage image = StoredImages.decode(normalized.image().bytes());
		assertThat(image.getRGB(8, 3) >>> 24).as("alpha of the top half").isZero();
		assertThat(image.getRGB(8, 12)).as("bottom half").isEqualTo(0xff0000ff);
	}

	@Test
	void icoAndMaskMakesTransparency() throws Exception {
		int[] pixels = new int[16 * 16];
		Arrays.fill(pixels, 0xff00c000);
		byte[] mask = new byte[16 * 4];
		for (int row = 0; row < 16; row++) {
			mask[row * 4] = (byte) 0xff;
		}
		Path icon = Files.write(this.temp.resolve("mask.ico"), ico(24, pixels, mask));

		AvatarPipeline.Normalized normalized = this.pipeline.normalize(icon, ImageFormat.ICO);

		assertThat(normalized.image().contentType()).isEqualTo("image/png");
		BufferedImage image = StoredImages.decode(normalized.image().bytes());
		assertThat(image.getRGB(3, 8) >>> 24).as("alpha of the masked left half").isZero();
		assertThat(image.getRGB(12, 8)).as("right half").isEqualTo(0xff00c000);
	}

	@Test
	void largeJpegIsDecodedSubsampled() throws Exception {
		Path photo = write(photo(4000, 3000), "jpeg", "photo.jpg");

		AvatarPipeline.Normalized normalized = this.pipeline.normalize(photo, ImageFormat.JPEG);

		assertThat(AvatarPipeline.subsampling(4000, 3000)).isEqualTo(3);
		assertThat(normalized.image().width()).isEqualTo(1024);
		assertThat(normalized.image().height()).isEqualTo(768);
		assertThat(normalized.image().contentType()).isEqualTo("image/jpeg");
		assertThat(normalized.squares()).extracting((square) -> square.image().width())
			.containsExactly(64, 128, 256, 512);
	}

	@Test
	void tinyIconIsNeverScaledUp() throws Exception {
		Path icon = write(photo(16, 16), "png", "icon.png");

		AvatarPipeline.Normalized normalized = this.pipeline.normalize(icon, ImageFormat.PNG);

		assertThat(normalized.image().width()).isEqualTo(16);
		assertThat(normalized.squares()).extracting((square) -> square.image().width()).containsOnly(16);
		assertThat(normalized.squares()).extracting((square) -> square.image().bytes().length)
			.containsOnly(normalized.squares().get(0).image().bytes().length);
	}

	@Test
	void panoramaSquaresUseShorterSide() throws Exception {
		Path panorama = write(photo(2000, 500), "png", "panorama.png");

		AvatarPipeline.Normalized normalized = this.pipeline.normalize(panorama, ImageFormat.PNG);

		assertThat(normalized.image().width()).isEqualTo(1024);
		assertThat(normalized.image().height()).isEqualTo(256);
		assertThat(normalized.squares()).extracting((square) -> square.image().width())
			.containsExactly(64, 128, 256, 500);
	}

	@Test
	void pixelBudgetIsConfigurable() throws Exception {
		AvatarPipeline small = new AvatarPipeline(new AvatarProperties(100, 5000, 0.85f, null, Duration.ofSeconds(1)));
		Path wide = write(photo(120, 10), "png", "wide.png");
		Path large = write(photo(80, 80), "png", "large.png");
		Path fits = write(photo(70, 70), "png", "fits.png");

		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> small.normalize(wide, ImageFormat.PNG))
			.withMessageContaining("120 x 10 pixels")
			.withMessageContaining("at most 100 pixels wide and high");
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> small.normalize(large, ImageFormat.PNG))
			.withMessageContaining("5000 pixels in total");
		assertThat(small.normalize(fits, ImageFormat.PNG).image().width()).isEqualTo(70);
	}

	@Test
	void imageTooLargeForHeapIsRejected() throws Exception {
		AvatarPipeline smallHeap = new AvatarPipeline(DEFAULTS, 48L * 1024 * 1024);
		Path photo = write(photo(1800, 1200), "png", "photo.png");
		Path smaller = write(photo(1024, 683), "png", "smaller.png");

		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> smallHeap.normalize(photo, ImageFormat.PNG))
			.withMessageContaining("1800 x 1200 pixels, more than this server has the memory to process")
			.withMessageContaining("1024 pixels on the longest side");
		assertThat(smallHeap.normalize(smaller, ImageFormat.PNG).image().width()).isEqualTo(1024);
	}

	@Test
	void decodeMemoryIsReturnedAfterUse() throws Exception {
		int available = this.pipeline.availableDecodeMemoryKib();
		Path photo = write(photo(900, 700), "jpeg", "photo.jpg");
		Path broken = this.temp.resolve("broken.jpg");
		byte[] bytes = Files.readAllBytes(photo);
		Files.write(broken, Arrays.copyOf(bytes, bytes.length / 2));

		this.pipeline.normalize(photo, ImageFormat.JPEG);
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> this.pipeline.normalize(broken, ImageFormat.JPEG));

		assertThat(this.pipeline.availableDecodeMemoryKib()).isEqualTo(available);
	}

	private AvatarPipeline.Normalized normalize(Path file) throws IOException {
		ImageFormat format = AvatarCorpus.formatOf(file).orElseThrow();
		return this.pipeline.normalize(file, format);
	}

	private Path write(BufferedImage image, String format, String name) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		assertThat(ImageIO.write(image, format, bytes)).as("writer for " + format).isTrue();
		return Files.write(this.temp.resolve(name), bytes.toByteArray());
	}

	/**
	 * Writes a 16 x 16 ICO with one bitmap entry of 24 or 32 bits per pixel. {@code argb} lists the
	 * pixels top row first; {@code andMask} contains the 1-bit mask rows (4 bytes each) bottom row first.
	 */
	private static byte[] ico(int bitCount, int[] argb, byte[] andMask) {
		int rowBytes = ((16 * bitCount + 31) / 32) * 4;
		int dibSize = 40 + rowBytes * 16 + andMask.length;
		ByteBuffer ico = ByteBuffer.allocate(6 + 16 + dibSize).order(ByteOrder.LITTLE_ENDIAN);
		ico.putShort((short) 0).putShort((short) 1).putShort((short) 1);
		ico.put((byte) 16).put((byte) 16).put((byte) 0).put((byte) 0).putShort((short) 1).putShort((short) bitCount);
		ico.putInt(dibSize).putInt(22);
		ico.putInt(40).putInt(16).putInt(32).putShort((short) 1).putShort((short) bitCount).putInt(0).putInt(0);
		ico.putInt(0).putInt(0).putInt(0).putInt(0);
		for (int row = 15; row >= 0; row--) {
			int start = ico.position();
			for (int x = 0; x < 16; x++) {
				int pixel = argb[row * 16 + x];
				ico.put((byte) pixel).put((byte) (pixel >> 8)).put((byte) (pixel >> 16));
				if (bitCount == 32) {
					ico.put((byte) (pixel >>> 24));
				}
			}
			ico.position(start + rowBytes);
		}
		ico.put(andMask);
		return ico.array();
	}

	/** Inserts an {@code iCCP} chunk with {@code profile} right after the IHDR chunk of a PNG. */
	private static byte[] withIccpChunk(byte[] png, byte[] profile) throws IOException {
		ByteArrayOutputStream data = new ByteArrayOutputStream();
		data.write("test profile".getBytes(StandardCharsets.ISO_8859_1));
		data.write(new byte[] { 0, 0 });
		try (DeflaterOutputStream deflated = new DeflaterOutputStream(data, new Deflater(), true)) {
			deflated.write(profile);
		}
		byte[] type = "iCCP".getBytes(StandardCharsets.ISO_8859_1);
		CRC32 crc = new CRC32();
		crc.update(type);
		crc.update(data.toByteArray());

		int afterHeader = 8 + 4 + 4 + 13 + 4;
		ByteBuffer chunk = ByteBuffer.allocate(12 + data.size());
		chunk.putInt(data.size()).put(type).put(data.toByteArray()).putInt((int) crc.getValue());
		ByteArrayOutputStream result = new ByteArrayOutputStream();
		result.write(png, 0, afterHeader);
		result.write(chunk.array());
		result.write(png, afterHeader, png.length - afterHeader);
		return result.toByteArray();
	}

	/** Creates an opaque test picture: a colour gradient with a dark frame, so that scaling errors show. */
	static BufferedImage photo(int width, int height) {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				image.setRGB(x, y, ((x * 255 / width) << 16) | ((y * 255 / height) << 8) | 0x80);
			}
		}
		Graphics2D graphics = image.createGraphics();
		graphics.setColor(Color.DARK_GRAY);
		graphics.drawRect(0, 0, width - 1, height - 1);
		graphics.dispose();
		return image;
	}

	private static double meanBrightness(BufferedImage image) {
		long sum = 0;
		for (int y = 0; y < image.getHeight(); y++) {
			for (int x = 0; x < image.getWidth(); x++) {
				int rgb = image.getRGB(x, y);
				sum += ((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff);
			}
		}
		return sum / (3.0 * image.getWidth() * image.getHeight());
	}

}
