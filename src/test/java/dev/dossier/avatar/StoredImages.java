package dev.dossier.avatar;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import javax.imageio.ImageIO;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.imaging.png.PngChunkType;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.file.FileTypeDirectory;
import com.drew.metadata.jfif.JfifDirectory;
import com.drew.metadata.jpeg.HuffmanTablesDirectory;
import com.drew.metadata.jpeg.JpegDirectory;
import com.drew.metadata.png.PngDirectory;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks on images as Dossier stores them. */
final class StoredImages {

	/** Directories metadata-extractor reports for a JPEG that contains only its image and JFIF header. */
	private static final Set<Class<? extends Directory>> IMAGE_ONLY = Set.of(JpegDirectory.class, JfifDirectory.class,
			HuffmanTablesDirectory.class, FileTypeDirectory.class, PngDirectory.class);

	/** PNG chunks that describe only pixels: no text, time, EXIF, ICC or gamma. */
	private static final Set<PngChunkType> PIXEL_CHUNKS = Set.of(PngChunkType.IHDR, PngChunkType.PLTE,
			PngChunkType.tRNS);

	/** Markers of metadata blocks, searched in the raw bytes as well. */
	private static final List<String> METADATA_MARKERS = List.of("Exif", "ICC_PROFILE", "http://ns.adobe.com/xap",
			"Photoshop 3.0", "eXIf", "iCCP", "tEXt", "iTXt", "zTXt", "tIME", "<script", "<html");

	private StoredImages() {
	}

	static BufferedImage decode(byte[] bytes) {
		try {
			BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
			assertThat(image).as("decodable stored image").isNotNull();
			return image;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Asserts that a stored image contains no EXIF, GPS, XMP, IPTC, ICC, comment or text block. */
	static void assertNoMetadata(byte[] bytes, String label) throws ImageProcessingException, IOException {
		Metadata metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(bytes));
		for (Directory directory : metadata.getDirectories()) {
			assertThat(IMAGE_ONLY).as(label + ": metadata directory " + directory.getName())
				.contains(directory.getClass());
			if (directory instanceof PngDirectory png) {
				assertThat(PIXEL_CHUNKS).as(label + ": PNG chunk " + png.getPngChunkType()).contains(png.getPngChunkType());
			}
		}
		String text = new String(bytes, StandardCharsets.ISO_8859_1);
		for (String marker : METADATA_MARKERS) {
			assertThat(text).as(label + ": bytes contain " + marker).doesNotContain(marker);
		}
	}

	/** Mean absolute difference of the RGB channels of two images of the same size, from 0 to 255. */
	static double meanDifference(BufferedImage first, BufferedImage second) {
		assertThat(second.getWidth()).isEqualTo(first.getWidth());
		assertThat(second.getHeight()).isEqualTo(first.getHeight());
		long sum = 0;
		for (int y = 0; y < first.getHeight(); y++) {
			for (int x = 0; x < first.getWidth(); x++) {
				int a = first.getRGB(x, y);
				int b = second.getRGB(x, y);
				for (int shift = 0; shift <= 16; shift += 8) {
					sum += Math.abs(((a >> shift) & 0xff) - ((b >> shift) & 0xff));
				}
			}
		}
		return sum / (3.0 * first.getWidth() * first.getHeight());
	}

	/** Number of pixels whose alpha is below 255. */
	static long translucentPixels(BufferedImage image) {
		long count = 0;
		for (int y = 0; y < image.getHeight(); y++) {
			for (int x = 0; x < image.getWidth(); x++) {
				if ((image.getRGB(x, y) >>> 24) != 0xff) {
					count++;
				}
			}
		}
		return count;
	}

}
