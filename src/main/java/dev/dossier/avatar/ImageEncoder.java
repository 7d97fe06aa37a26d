package dev.dossier.avatar;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Writes stored avatar images with the JDK's own writers and no metadata at all: a JPEG gets only
 * the JFIF header, a PNG only IHDR, IDAT and IEND.
 */
final class ImageEncoder {

	static final String JPEG = "image/jpeg";

	static final String PNG = "image/png";

	private final float jpegQuality;

	ImageEncoder(float jpegQuality) {
		this.jpegQuality = jpegQuality;
	}

	/** An encoded image; {@code bytes} contains the whole file. */
	record Encoded(byte[] bytes, String contentType, int width, int height) {
	}

	/** Encodes as PNG when the image has an alpha channel, else as JPEG. */
	Encoded encode(BufferedImage image) {
		boolean alpha = image.getColorModel().hasAlpha();
		String contentType = alpha ? PNG : JPEG;
		ImageWriter writer = createWriter(alpha ? "png" : "jpeg");
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ImageOutputStream stream = new MemoryCacheImageOutputStream(bytes)) {
			writer.setOutput(stream);
			ImageWriteParam param = writer.getDefaultWriteParam();
			if (!alpha) {
				param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
				param.setCompressionQuality(this.jpegQuality);
			}
			writer.write(null, new IIOImage(image, null, null), param);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not encode an image in memory", ex);
		}
		finally {
			writer.dispose();
		}
		return new Encoded(bytes.toByteArray(), contentType, image.getWidth(), image.getHeight());
	}

	/** Returns the JDK's writer, chosen over plug-ins so that the output does not depend on the class path. */
	private static ImageWriter createWriter(String formatName) {
		List<ImageWriter> writers = new ArrayList<>();
		ImageIO.getImageWritersByFormatName(formatName).forEachRemaining(writers::add);
		return writers.stream()
			.min(Comparator.comparingInt((writer) -> writer.getClass().getName().startsWith("com.sun.imageio.") ? 0 : 1))
			.orElseThrow(() -> new IllegalStateException("No ImageIO writer for " + formatName));
	}

}
