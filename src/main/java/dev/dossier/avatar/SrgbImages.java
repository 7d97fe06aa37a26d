package dev.dossier.avatar;

import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Brings decoded images into one shape for the later steps: sRGB pixels in {@code TYPE_INT_RGB},
 * or {@code TYPE_INT_ARGB} when some pixel is not fully opaque.
 */
final class SrgbImages {

	private SrgbImages() {
	}

	/**
	 * Converts {@code image} to sRGB. Colour spaces from ICC profiles (an RGB TIFF in Adobe RGB, a
	 * CMYK TIFF) go through a colour transform; sRGB, palette and the JDK's grey images are copied,
	 * because decoders put gamma-encoded grey values in {@code CS_GRAY} rasters.
	 */
	static BufferedImage toSrgb(BufferedImage image) {
		ColorModel model = image.getColorModel();
		boolean alpha = model.hasAlpha();
		BufferedImage target = new BufferedImage(image.getWidth(), image.getHeight(),
				alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
		if (needsColorTransform(model) && !(model.getColorSpace() instanceof ICC_ColorSpace)) {
			convertPixelByPixel(image, target);
		}
		else if (needsColorTransform(model)) {
			RenderingHints quality = new RenderingHints(RenderingHints.KEY_COLOR_RENDERING,
					RenderingHints.VALUE_COLOR_RENDER_QUALITY);
			new ColorConvertOp(ColorSpace.getInstance(ColorSpace.CS_sRGB), quality).filter(image, target);
		}
		else {
			copy(image, target);
		}
		if (alpha && isOpaque(target)) {
			return withoutAlpha(target);
		}
		return target;
	}

	/**
	 * Converts through {@link ColorSpace#toRGB}, for colour spaces without an ICC profile such as the
	 * plain CMYK that TwelveMonkeys uses for a CMYK TIFF without one; the JDK's ColorConvertOp
	 * fails on those (JDK 25: ArrayIndexOutOfBoundsException).
	 */
	private static void convertPixelByPixel(BufferedImage image, BufferedImage target) {
		ColorModel model = image.getColorModel();
		ColorSpace space = model.getColorSpace();
		Raster raster = image.getRaster();
		Object pixel = null;
		float[] components = new float[model.getNumComponents()];
		float[] colors = new float[space.getNumComponents()];
		for (int y = 0; y < image.getHeight(); y++) {
			for (int x = 0; x < image.getWidth(); x++) {
				pixel = raster.getDataElements(x, y, pixel);
				components = model.getNormalizedComponents(pixel, components, 0);
				System.arraycopy(components, 0, colors, 0, colors.length);
				float[] rgb = space.toRGB(colors);
				int alpha = model.hasAlpha() ? Math.round(components[colors.length] * 255) : 0xff;
				target.setRGB(x, y, (alpha << 24) | (toByte(rgb[0]) << 16) | (toByte(rgb[1]) << 8) | toByte(rgb[2]));
			}
		}
	}

	private static int toByte(float value) {
		return Math.round(Math.max(0f, Math.min(1f, value)) * 255);
	}

	/** Returns an opaque copy of an image whose pixels are all opaque. */
	private static BufferedImage withoutAlpha(BufferedImage image) {
		BufferedImage opaque = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
		copy(image, opaque);
		return opaque;
	}

	private static boolean needsColorTransform(ColorModel model) {
		ColorSpace space = model.getColorSpace();
		if (model instanceof IndexColorModel || space.isCS_sRGB()) {
			return false;
		}
		return space != ColorSpace.getInstance(ColorSpace.CS_GRAY);
	}

	private static boolean isOpaque(BufferedImage argb) {
		for (int pixel : ((DataBufferInt) argb.getRaster().getDataBuffer()).getData()) {
			if ((pixel >>> 24) != 0xff) {
				return false;
			}
		}
		return true;
	}

	private static void copy(BufferedImage source, BufferedImage target) {
		Graphics2D graphics = target.createGraphics();
		try {
			graphics.setComposite(AlphaComposite.Src);
			graphics.drawImage(source, 0, 0, null);
		}
		finally {
			graphics.dispose();
		}
	}

}
