package dev.dossier.avatar;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.nio.file.Path;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * EXIF orientation (TIFF tag 274): how the stored pixels must be turned to show the picture upright.
 * Values 1 to 8 as in the EXIF 2.3 specification; anything else counts as 1.
 */
final class Orientation {

	private static final Logger log = LoggerFactory.getLogger(Orientation.class);

	private Orientation() {
	}

	/**
	 * Reads the orientation of a JPEG, TIFF, WebP or PNG ({@code eXIf}) file with metadata-extractor;
	 * returns 1 when there is none or the metadata cannot be read, because the pixels decoded fine.
	 */
	static int read(Path file) {
		try {
			Metadata metadata = ImageMetadataReader.readMetadata(file.toFile());
			ExifIFD0Directory exif = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
			if (exif == null || !exif.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
				return 1;
			}
			Integer value = exif.getInteger(ExifIFD0Directory.TAG_ORIENTATION);
			return (value != null && value >= 1 && value <= 8) ? value : 1;
		}
		catch (ImageProcessingException | IOException | RuntimeException ex) {
			log.debug("No EXIF orientation readable in {}; keeping the pixels as stored", file, ex);
			return 1;
		}
	}

	/** Returns whether the orientation swaps width and height (values 5 to 8). */
	static boolean swapsSides(int orientation) {
		return orientation >= 5 && orientation <= 8;
	}

	/**
	 * Returns {@code image} turned upright. The image must be {@code TYPE_INT_RGB},
	 * {@code TYPE_INT_ARGB} or {@code TYPE_INT_ARGB_PRE}; orientation 1 returns it unchanged.
	 */
	static BufferedImage apply(BufferedImage image, int orientation) {
		if (orientation <= 1 || orientation > 8) {
			return image;
		}
		int width = image.getWidth();
		int height = image.getHeight();
		boolean swap = swapsSides(orientation);
		int outWidth = swap ? height : width;
		int outHeight = swap ? width : height;
		BufferedImage result = new BufferedImage(outWidth, outHeight, image.getType());
		int[] source = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
		int[] target = ((DataBufferInt) result.getRaster().getDataBuffer()).getData();

		for (int y = 0; y < outHeight; y++) {
			for (int x = 0; x < outWidth; x++) {
				int sourceX;
				int sourceY;
				switch (orientation) {
					case 2 -> { sourceX = width - 1 - x; sourceY = y; }
					case 3 -> { sourceX = width - 1 - x; sourceY = height - 1 - y; }
					case 4 -> { sourceX = x; sourceY = height - 1 - y; }
					case 5 -> { sourceX = y; sourceY = x; }
					case 6 -> { sourceX = y; sourceY = height - 1 - x; }
					case 7 -> { sourceX = width - 1 - y; sourceY = height - 1 - x; }
					default -> { sourceX = width - 1 - y; sourceY = x; }
				}
				target[y * outWidth + x] = source[sourceY * width + sourceX];
			}
		}
		return result;
	}

}
