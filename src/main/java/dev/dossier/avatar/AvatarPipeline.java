package dev.dossier.avatar;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dossier.web.ApiException;
import dev.dossier.web.Problem;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Turns an uploaded image into the images Dossier stores: probe the header, check the pixel
 * budget, decode at reduced resolution, turn upright by EXIF orientation, convert to sRGB, drop
 * all metadata by writing fresh files, and scale. Stored are a normalized image whose longest side
 * is at most 1024 px and centred squares of 64, 128, 256 and 512 px. Nothing is ever scaled up: a
 * square is at most as large as the source's shorter side, so a 16 x 16 icon yields four 16 x 16
 * squares (with the same bytes, hence one blob).
 */
@Component
class AvatarPipeline {

	private static final Logger log = LoggerFactory.getLogger(AvatarPipeline.class);

	/** Maximum longest side of the normalized image. */
	static final int NORMALIZED_SIZE = 1024;

	/** Sides of the square variants, which are also their names. */
	static final List<Integer> SQUARE_SIZES = List.of(64, 128, 256, 512);

	/**
	 * Estimated heap per decoded pixel until the images are encoded: the decoded raster (up to 8
	 * bytes for 16-bit RGBA), its sRGB copy, the upright copy, and the scaled steps.
	 */
	private static final long BYTES_PER_DECODED_PIXEL = 20;

	/** Estimated heap of one upload besides the decoded pixels: encoders and the stored images. */
	private static final long FIXED_BYTES = 8L * 1024 * 1024;

	private final AvatarProperties properties;

	private final DecodeMemory memory;

	private final ImageEncoder encoder;

	/**
	 * Largest estimate an image may have: half the heap, so that one image that runs alone still
	 * leaves room for the rest of the service.
	 */
	private final long largestEstimate;

	@Autowired
	AvatarPipeline(AvatarProperties properties) {
		this(properties, Runtime.getRuntime().maxMemory());
	}

	AvatarPipeline(AvatarProperties properties, long heapBytes) {
		this.properties = properties;
		this.largestEstimate = heapBytes / 2;
		this.memory = new DecodeMemory(properties.decodeMemoryBytes(), properties.decodeWait().toMillis());
		this.encoder = new ImageEncoder(properties.jpegQuality());
		// Registers the TwelveMonkeys plug-ins also when ImageIO was first used by another class loader.
		ImageIO.scanForPlugins();
	}

	/** A square variant: its name ("64") and its encoded image. */
	record Square(String name, ImageEncoder.Encoded image) {
	}

	/** Every image stored for one avatar. */
	record Normalized(ImageEncoder.Encoded image, List<Square> squares) {
	}

	/**
	 * Normalizes the image in {@code file}.
	 * @throws ApiException 422 when the image is corrupt, truncated, empty or over the pixel budget;
	 * 503 when decode memory stays taken for too long
	 */
	Normalized normalize(Path file, ImageFormat format) {
		try (ImageSource source = ImageSource.open(file, format)) {
			return normalize(source, file, format);
		}
		catch (ApiException ex) {
			throw ex;
		}
		catch (ImageSource.TruncatedImageException ex) {
			throw Problem.UNUSABLE_FILE.exception("The " + format.displayName() + " image is truncated: its data ends "
					+ "before the last row of pixels. Upload the complete file.", "upload_content").withCause(ex);
		}
		catch (IOException | RuntimeException ex) {
			throw Problem.UNUSABLE_FILE.exception("The " + format.displayName() + " image could not be decoded: "
					+ "it is corrupt or truncated. Open it in an image editor, save it again and upload the new file.",
					"upload_content").withCause(ex);
		}
	}

	private Normalized normalize(ImageSource source, Path file, ImageFormat format) throws IOException {
		int width = source.width();
		int height = source.height();
		checkPixelBudget(format, width, height);
		int subsampling = subsampling(width, height);
		long decodedPixels = (format == ImageFormat.WEBP) ? (long) width * height
				: (long) ceilDiv(width, subsampling) * ceilDiv(height, subsampling);

		long estimate = decodedPixels * BYTES_PER_DECODED_PIXEL + FIXED_BYTES;
		if (estimate > this.largestEstimate) {
			throw Problem.UNUSABLE_FILE.exception("The " + format.displayName() + " image is " + width + " x " + height
					+ " pixels, more than this server has the memory to process. Scale it down, for example to "
					+ NORMALIZED_SIZE + " pixels on the longest side, and upload it again.", "upload_content");
		}
		DecodeMemory.Reservation reservation = this.memory.reserve(estimate);
		try {
			long started = System.nanoTime();
			BufferedImage decoded = source.read(subsampling);
			int orientation = Orientation.read(file);
			BufferedImage upright = Orientation.apply(SrgbImages.toSrgb(decoded), orientation);
			boolean swap = Orientation.swapsSides(orientation);
			Normalized normalized = render(upright, swap ? height : width, swap ? width : height);
			log.info("Normalized a {} x {} {} (decoded {} x {} by {}, orientation {}) in {} ms", width, height,
					format.displayName(), decoded.getWidth(), decoded.getHeight(), source.readerName(), orientation,
					(System.nanoTime() - started) / 1_000_000);
			return normalized;
		}
		finally {
			reservation.close();
		}
	}

	/**
	 * Scales the upright sRGB image; {@code sourceWidth} and {@code sourceHeight} are the upright
	 * size before subsampling, so that output sizes do not depend on how the image was decoded.
	 */
	private Normalized render(BufferedImage upright, int sourceWidth, int sourceHeight) {
		double scale = Math.min(1.0, (double) NORMALIZED_SIZE / Math.max(sourceWidth, sourceHeight));
		int width = Math.max(1, Math.min(upright.getWidth(), (int) Math.round(sourceWidth * scale)));
		int height = Math.max(1, Math.min(upright.getHeight(), (int) Math.round(sourceHeight * scale)));
		ImageEncoder.Encoded image = this.encoder.encode(Resizer.scaleDown(upright, width, height));

		BufferedImage square = Resizer.centreSquare(upright);
		int sourceSide = Math.min(sourceWidth, sourceHeight);
		List<Square> squares = new ArrayList<>();
		for (int size : SQUARE_SIZES) {
			int side = Math.min(Math.min(size, sourceSide), square.getWidth());
			squares.add(new Square(Integer.toString(size), this.encoder.encode(Resizer.scaleDown(square, side, side))));
		}
		return new Normalized(image, squares);
	}

	private void checkPixelBudget(ImageFormat format, int width, int height) {
		if (width <= 0 || height <= 0) {
			throw Problem.UNUSABLE_FILE.exception("The " + format.displayName() + " image declares a size of " + width
					+ " x " + height + " pixels, so it contains no picture. Upload another image.", "upload_content");
		}
		long pixels = (long) width * height;
		if (width > this.properties.maxSide() || height > this.properties.maxSide()
				|| pixels > this.properties.maxPixels()) {
			throw Problem.UNUSABLE_FILE.exception("The " + format.displayName() + " image is " + width + " x " + height
					+ " pixels; avatars may be at most " + this.properties.maxSide() + " pixels wide and high and "
					+ megapixels(this.properties.maxPixels()) + " in total. Scale it down and upload it again.",
					"upload_content");
		}
	}

	/**
	 * Chooses the largest factor that still decodes at least 1024 px on the longest side and 512 px
	 * on the shorter side (or the whole image, if smaller), so that every stored size is scaled down
	 * from real pixels.
	 */
	static int subsampling(int width, int height) {
		int longSide = Math.max(width, height);
		int shortSide = Math.min(width, height);
		int byLongSide = longSide / Math.min(longSide, NORMALIZED_SIZE);
		int byShortSide = shortSide / Math.min(shortSide, SQUARE_SIZES.get(SQUARE_SIZES.size() - 1));
		return Math.max(1, Math.min(byLongSide, byShortSide));
	}

	/** Budget not reserved at the moment, in KiB; for tests. */
	int availableDecodeMemoryKib() {
		return this.memory.availableKib();
	}

	private static int ceilDiv(int value, int divisor) {
		return (value + divisor - 1) / divisor;
	}

	private static String megapixels(long pixels) {
		return (pixels % 1_000_000 == 0) ? (pixels / 1_000_000) + " megapixels" : pixels + " pixels";
	}

}
